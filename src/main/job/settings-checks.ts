import { BUILTIN_PLACEHOLDERS } from '../identity/subject-template.js';
import { parseOffset } from './flash-numbers.js';
import type { Reference } from './job-files.js';
import type { JobSettings } from './job-schema.js';
import type { ProblemSink } from './problems.js';

type At = (path: PropertyKey[], charIndex?: number) => Reference;

/** Constants usable everywhere: none may take a built-in placeholder's name. Returns the usable ones. */
export function checkConstants(constants: Readonly<Record<string, string>>, sink: ProblemSink, at: At): Record<string, string> {
  const usable: Record<string, string> = {};
  for (const [name, value] of Object.entries(constants)) {
    if ((BUILTIN_PLACEHOLDERS as readonly string[]).includes(name)) {
      sink.add({ ...at(['constants', name]), message: `constant "${name}" has the name of a built-in placeholder`, hint: `choose a name other than ${BUILTIN_PLACEHOLDERS.join(', ')}` });
    } else usable[name] = value;
  }
  return usable;
}

/** The console check may use {{serial}} and {{mac}}, which the bench fills in per board. */
export function checkConsolePattern(check: NonNullable<JobSettings['check']>, sink: ProblemSink, at: At): void {
  for (const match of check.pattern.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    if (match[1] === 'serial' || match[1] === 'mac') continue;
    sink.add({ ...at(['check', 'pattern'], match.index), message: `unknown placeholder {{${match[1]}}} in the console check`, hint: 'the check pattern may use {{serial}} and {{mac}}' });
  }
}

/** Where the partition table goes: job.json's partitionTableOffset, else the build's, else 0x8000. They must agree. */
export function tableOffsetOf(settings: Partial<JobSettings>, fromBuild: number | undefined, sink: ProblemSink, at: At): number {
  const own = settings.partitionTableOffset === undefined ? undefined : parseOffset(settings.partitionTableOffset);
  if (own !== undefined && fromBuild !== undefined && own !== fromBuild) {
    sink.add({ ...at(['partitionTableOffset']), message: `partitionTableOffset is 0x${own.toString(16)}, but the build puts the table at 0x${fromBuild.toString(16)}`, hint: 'drop partitionTableOffset, or build with CONFIG_PARTITION_TABLE_OFFSET set to it' });
  }
  return own ?? fromBuild ?? 0x8000;
}
