import { splitCsvRecords } from '../../shared/nvs/csv.js';
import { formatLocation, NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';
import { MAX_KEY_BYTES } from '../../shared/nvs/layout.js';
import { toProblem, type ProblemList } from './problems.js';

/** One line of an mfg_gen config file: a namespace, or a key whose value each device brings. */
export interface ConfigEntry {
  key: string;
  type: 'namespace' | 'data' | 'file';
  /** Empty for a namespace. */
  encoding: string;
  /** The value is taken from the first device row for every device. */
  repeat: boolean;
  at: SourceLocation;
  encodingAt: SourceLocation;
}

/**
 * The encodings mfg_gen.py accepts in a config file, plus i16, which it leaves
 * out by mistake. blob_fill and blob_sz_fill are refused, as there.
 */
export const CONFIG_ENCODINGS = ['string', 'binary', 'hex2bin', 'base64', 'u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64'] as const;
const TYPES = ['namespace', 'data', 'file'] as const;
const utf8 = new TextEncoder();
const FORMAT_HINT = 'a config line is "name,namespace," or "key,data|file,encoding", optionally followed by ",REPEAT"';

/**
 * Reads the config file: no header, one line per namespace or key. Every
 * problem in the file goes to `problems`, not just the first.
 */
export function parseMfgConfig(text: string, file: string, problems: ProblemList, warn: (message: string) => void): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const before = problems.count;
  const report = (error: NvsInputError): void => problems.add(toProblem(error));
  for (const fields of splitCsvRecords(text, file)) {
    const [key, type, encoding, repeat] = fields;
    const at: SourceLocation = { file, line: key!.line, column: key!.column };
    const where = (index: number): SourceLocation => {
      const field = fields[Math.min(index, fields.length - 1)]!;
      return { file, line: field.line, column: index < fields.length ? field.column : field.column + field.text.length };
    };
    if (fields.length < 3 || fields.length > 4) {
      report(new NvsInputError(`a config line has 3 fields (4 with REPEAT), this one has ${fields.length}`, at, FORMAT_HINT));
      continue;
    }
    if (!(TYPES as readonly string[]).includes(type!.text)) {
      report(new NvsInputError(`'${type!.text}' is not a config type`, where(1), `use one of: ${TYPES.join(', ')} (in lower case)`));
      continue;
    }
    const kind = type!.text as ConfigEntry['type'];
    // An empty 4th field is what spreadsheets write when another line has REPEAT.
    if (repeat && repeat.text !== '' && (repeat.text !== 'REPEAT' || kind === 'namespace')) {
      const problem = kind === 'namespace' ? 'a namespace line cannot be REPEAT' : `the 4th field is '${repeat.text}'; the only one allowed is REPEAT`;
      report(new NvsInputError(problem, where(3), FORMAT_HINT));
      continue;
    }
    if (key!.text === '') {
      report(new NvsInputError(`the ${kind === 'namespace' ? 'namespace name' : 'key'} is empty`, at, FORMAT_HINT));
      continue;
    }
    if (kind !== 'namespace' && !(CONFIG_ENCODINGS as readonly string[]).includes(encoding!.text)) {
      report(new NvsInputError(`'${encoding!.text}' is not an encoding mfg generate accepts`, where(2), `use one of: ${CONFIG_ENCODINGS.join(', ')}`));
      continue;
    }
    const bytes = utf8.encode(key!.text).length;
    if (bytes > MAX_KEY_BYTES) {
      report(new NvsInputError(`'${key!.text}' is ${bytes} bytes long; NVS keys and namespace names hold at most ${MAX_KEY_BYTES}`, at, 'shorten it (ASCII letters, digits and _ are safest)'));
      continue;
    }
    entries.push({ key: key!.text, type: kind, encoding: kind === 'namespace' ? '' : encoding!.text, repeat: repeat?.text === 'REPEAT', at, encodingAt: where(2) });
  }
  if (problems.count > before) return entries;
  warnDuplicates(entries, warn);
  if (!entries.some((entry) => entry.type !== 'namespace')) {
    report(new NvsInputError('the config file names no keys', { file, line: 1, column: 1 }, FORMAT_HINT));
  } else if (entries[0]!.type !== 'namespace') {
    report(new NvsInputError(`'${entries[0]!.key}' comes before any namespace`, entries[0]!.at, 'start the config file with a namespace line, e.g. "mfg_ns,namespace,"'));
  }
  return entries;
}

/** A key given twice in one namespace is stored twice; the firmware then keeps only one. */
function warnDuplicates(entries: readonly ConfigEntry[], warn: (message: string) => void): void {
  const seen = new Map<string, ConfigEntry>();
  let namespace = '';
  for (const entry of entries) {
    if (entry.type === 'namespace') {
      namespace = entry.key;
      continue;
    }
    const id = `${namespace}\u0000${entry.key}`;
    const first = seen.get(id);
    if (first) warn(`${formatLocation(entry.at)}: '${entry.key}' is written to namespace '${namespace}' a second time (first at line ${first.at.line}); the firmware keeps only one of them`);
    else seen.set(id, entry);
  }
}
