import type { NvsEntry, NvsImage, NvsProblem, ProblemCode } from '../decode/types.js';
import { namespaceEntries, textKey } from './keys.js';
import { d03, hex } from './py-format.js';
import type { Style } from './style.js';

const PARTITION: ReadonlySet<ProblemCode> = new Set(['too-few-pages', 'image-truncated', 'no-empty-page']);
const LATER: ReadonlySet<ProblemCode> = new Set(['orphan-chunk', 'chunk-out-of-range', 'missing-chunk', 'blob-size', 'undefined-namespace', 'unused-namespace']);

/**
 * The `-i` report in nvs_tool's words and order: the partition checks, a line
 * per page followed by its entries' problems, the duplicate-key table, a blank
 * line, then blob and namespace problems. The checks nvs_tool lacks (a cut-off
 * image, unknown page or entry states, a chunk outside its index's range, a
 * blob with more data than its index says, a namespace entry that is not a
 * uint8_t) get lines in the same style.
 */
export function integrityText(image: NvsImage, style: Style): string[] {
  const entries = new Map<string, NvsEntry>();
  for (const page of image.pages) for (const entry of page.entries) entries.set(`${page.index}:${entry.index}`, entry);
  const entryOf = (p: NvsProblem): NvsEntry | undefined => entries.get(`${p.page}:${p.entry}`);
  const keyOf = (p: NvsProblem): string => {
    const entry = entryOf(p);
    return entry ? textKey(entry) : (p.key ?? '');
  };
  const namespaces = namespaceEntries(image);
  const nsName = (ns: number): string => {
    const entry = namespaces.get(ns);
    return entry ? textKey(entry) : 'undefined';
  };

  const out: string[] = [];
  const problems = image.problems;
  for (const p of problems) {
    if (p.code === 'too-few-pages') out.push(style.yellow('NVS Partition size must be at least 0x3000 (4kiB * 3 pages == 12kiB)!'));
    else if (p.code === 'image-truncated') out.push(style.yellow('NVS Partition size must be a multiple of 0x1000 (4kiB)!'));
    else if (p.code === 'no-empty-page') {
      out.push(style.red('No free (empty) page found in the NVS partition,\nat least one free page is required for proper function!'));
      out.push(style.red('NVS partition possibly truncated?\n'));
    }
  }

  const byPage = new Map<number, NvsProblem[]>();
  for (const p of problems) {
    if (PARTITION.has(p.code) || LATER.has(p.code) || p.code === 'duplicate-key' || p.page === undefined) continue;
    const list = byPage.get(p.page);
    if (list) list.push(p);
    else byPage.set(p.page, [p]);
  }
  for (const page of image.pages) {
    const own = byPage.get(page.index) ?? [];
    if (page.status === 'Empty') out.push(style.cyan(`Page ${page.status}`));
    else {
      const bad = own.find((p) => p.code === 'page-header-crc');
      out.push(
        bad
          ? `${style.cyan(`Page no. ${page.seq}`)} Original CRC32: ${style.red(hex(page.crc.original))} Generated CRC32: ${style.green(hex(page.crc.computed))}`
          : `${style.cyan(`Page no. ${page.seq}`)} \tCRC32: OK`,
      );
    }
    for (const p of own) {
      const line = pageProblemLine(p, keyOf(p), entryOf(p), style);
      if (line !== undefined) out.push(line);
    }
  }

  const duplicates = problems.filter((p) => p.code === 'duplicate-key');
  if (duplicates.length > 0) {
    out.push(style.red('Found duplicate entries:'), style.red('Entry\tKey\t\t\tType\t\tNamespace idx\tPage\tPage status'));
    for (const p of duplicates) {
      const entry = entryOf(p)!;
      const page = image.pages[entry.page]!;
      const key = textKey(entry);
      const type = entry.nsIndex === 0 ? `namespace (${entry.data.kind === 'primitive' ? entry.data.value : '?'})` : entry.typeName;
      const tabs = (n: number): string => '\t'.repeat(Math.max(0, n));
      out.push(style.red(`#${d03(entry.index)}\t${key}${tabs(3 - Math.floor(key.length / 8))}${type}${tabs(2 - Math.floor(type.length / 8))}${entry.nsIndex}\t\t${page.seq}\t${page.status}`));
    }
  }
  out.push('');

  for (const p of problems) {
    const key = keyOf(p);
    switch (p.code) {
      case 'orphan-chunk':
        out.push(`${style.red(`Blob ${key} chunk has no blob index!`)} Namespace index: ${d03(p.namespace)} [${nsName(p.namespace)}], Chunk Index: ${d03(p.chunkIndex)}`);
        break;
      case 'chunk-out-of-range':
        out.push(
          `${style.red(`Blob ${key} chunk is outside its blob index's chunk range!`)} Namespace index: ${d03(p.namespace)} [${nsName(p.namespace)}], Chunk Index: ${d03(p.chunkIndex)}`,
        );
        break;
      case 'missing-chunk':
        out.push(`${style.red(`Blob ${key} is missing a chunk!`)} Namespace index: ${d03(p.namespace)} [${nsName(p.namespace)}], Chunk Index: ${d03(p.chunk)}`);
        break;
      case 'blob-size':
        out.push(
          p.actual < p.expected
            ? `${style.red(`Blob ${key} is missing ${p.expected - p.actual} B of data!`)} Namespace index: ${d03(p.namespace)}`
            : `${style.red(`Blob ${key} has ${p.actual - p.expected} B more data than its index says!`)} Namespace index: ${d03(p.namespace)}`,
        );
        break;
      case 'undefined-namespace':
        out.push(`${style.red('Undefined namespace index!')} Namespace index: ${d03(p.namespace)} [undefined]`);
        break;
      case 'unused-namespace':
        out.push(`${style.yellow('Found unused namespace.')} Namespace index: ${d03(p.namespace)} [${nsName(p.namespace)}]`);
        break;
      default:
    }
  }
  return out;
}

function pageProblemLine(p: NvsProblem, key: string, entry: NvsEntry | undefined, style: Style): string | undefined {
  const at = d03(p.entry ?? 0);
  switch (p.code) {
    case 'empty-page-bitmap':
      return style.red('The page is reported as Empty but its entry state bitmap is not empty!');
    case 'empty-page-data':
      return style.red('The page is reported as Empty but there are data written!');
    case 'page-state':
      return style.red(` Page state ${hex(p.state).padStart(8, '0')} is not the state of a healthy page!`);
    case 'entry-state-invalid':
      return style.red(` Entry #${at} has an invalid state in the entry state bitmap!`);
    case 'written-entry-blank':
      return style.red(` Entry #${at} is reported as Written but it is empty!`);
    case 'erased-entry-blank':
      return style.yellow(` Entry #${at} is reported as Erased but it is empty! (Only entries reported as Empty should be empty)`);
    case 'entry-crc':
      return `${style.red(` Entry #${at} ${key} has wrong CRC32!     `)} Written: ${style.red(hex(p.original))} Generated: ${style.green(hex(p.computed))}`;
    case 'data-crc':
      return `${style.red(` Entry #${at} ${key} data (string, blob) has wrong CRC32!`)} Written: ${style.red(hex(p.original))} Generated: ${style.green(hex(p.computed))}`;
    case 'unknown-type':
      return `${style.yellow(` Type of entry #${at} ${key} is unrecognized!`)} Type: ${entry?.typeName ?? hex(p.type)}`;
    case 'span-out-of-bounds':
      return style.red(` Variable length entry #${at} ${key} is out of bounds!`);
    case 'data-state':
      return `${style.yellow(' Inconsistent data state!')} Entry #${at} ${key} state: ${entry?.state ?? 'Written'}, Data entry #${d03(p.slot)} ${key} state: ${p.slotState}`;
    case 'bad-namespace-entry':
      return `${style.red(` Entry #${at} ${key} in namespace 0 is not a uint8_t namespace definition!`)} Type: ${entry?.typeName ?? '?'}`;
    default:
      return undefined;
  }
}
