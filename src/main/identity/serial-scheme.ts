import { resolve } from 'node:path';
import { z } from 'zod';
import { SerialSchemeProblemsError, type SerialSchemeProblem } from './serial-errors.js';
import { readSerialList, type SerialListEntry } from './serial-list.js';
import { compileSerialTemplate, serialTemplateProblems, type CompiledSerialTemplate } from './serial-template.js';

export { SerialSchemeProblemsError, formatProblem, type SerialSchemeProblem } from './serial-errors.js';

/** Serials from a template and a counter, e.g. { "kind": "counter", "template": "ACME-{yy}{ww}-{counter:06}", "start": 1 }. */
export const counterSchemeSchema = z.strictObject({
  kind: z.literal('counter'),
  template: z.string(),
  /** The first counter of every scope; 1 when left out. */
  start: z.number().int().min(0).default(1), // zod's int() is a safe integer
});

/** Serials from a file, e.g. { "kind": "list", "file": "serials.csv" }, relative to the job folder. */
export const listSchemeSchema = z.strictObject({
  kind: z.literal('list'),
  file: z.string().min(1),
});

/** How a job's boards get their serial numbers, as the job file holds it. */
export const serialSchemeSchema = z.discriminatedUnion('kind', [counterSchemeSchema, listSchemeSchema]);
export type SerialSchemeJson = z.input<typeof serialSchemeSchema>;

export type LoadedSerialScheme =
  | { kind: 'counter'; template: CompiledSerialTemplate; start: number }
  /** `file` is the list's absolute path. */
  | { kind: 'list'; file: string; serials: SerialListEntry[] };

export interface LoadSerialSchemeOptions {
  /** The folder a list's relative path is relative to: the job folder. */
  baseDir: string;
  /** The job's constants, for {const:NAME}. */
  constants?: Readonly<Record<string, string>>;
  /** What the scheme is called in the error's first line, e.g. "job.json: serial". */
  source?: string;
}

const SHAPE_HINT = 'a serial scheme is {"kind": "counter", "template": "ACME-{yy}{ww}-{counter:06}", "start": 1} or {"kind": "list", "file": "serials.csv"}';

/**
 * Checks a job's serial scheme and gets it ready: compiles the template or
 * reads and checks the whole list. Throws one SerialSchemeProblemsError that
 * lists every problem found, not just the first.
 */
export async function loadSerialScheme(json: unknown, options: LoadSerialSchemeOptions): Promise<LoadedSerialScheme> {
  const fail = (problems: SerialSchemeProblem[]): never => {
    throw new SerialSchemeProblemsError(problems, options.source);
  };
  const parsed = serialSchemeSchema.safeParse(json);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(the scheme)', message: issue.message, hint: SHAPE_HINT })));
  }
  const scheme = parsed.data;

  if (scheme.kind === 'list') {
    const file = resolve(options.baseDir, scheme.file);
    const list = await readSerialList(file);
    if (list.problems.length > 0) fail(list.problems);
    return { kind: 'list', file, serials: list.serials };
  }

  const templateOptions = { constants: options.constants ?? {} };
  const problems: SerialSchemeProblem[] = serialTemplateProblems(scheme.template, templateOptions).map(({ message, column, hint }) => ({ field: 'template', column, message, hint }));
  if (problems.length > 0) fail(problems);
  const template = compileSerialTemplate(scheme.template, templateOptions);
  if (scheme.start > template.maxCounter) {
    fail([{ field: 'start', message: `start is ${scheme.start}, but the counter's largest value is ${template.maxCounter}`, hint: 'lower start, or widen the counter' }]);
  }
  return { kind: 'counter', template, start: scheme.start };
}
