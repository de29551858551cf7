import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';
import type { ConfigEntry } from './config.js';
import { toProblem, type ProblemList } from './problems.js';
import type { ValuesRecord } from './values-reader.js';

/** Which values column feeds each config key, and which one names the files. */
export interface HeaderMap {
  /** One column index per non-namespace config entry, in config order. */
  columns: number[];
  fileidColumn?: number;
}

const ORDER_HINT = 'the values file needs a column for every config key, in the same order as the config file; other columns (id, batch…) are ignored';

/**
 * Matches the values header against the config: every config key must be a
 * column, in config order (mfg_gen.py's rule). Problems go to `problems`.
 */
export function mapHeader(config: readonly ConfigEntry[], header: ValuesRecord, valuesFile: string, fileid: string | undefined, problems: ProblemList): HeaderMap {
  const names = header.fields;
  const columnAt = (index: number): SourceLocation => ({ file: valuesFile, line: header.positions[2 * index]!, column: header.positions[2 * index + 1]! });
  const keys = config.filter((entry) => entry.type !== 'namespace');
  const wanted = new Set(keys.map((entry) => entry.key));
  const keyColumns = names.flatMap((name, index) => (wanted.has(name) ? [index] : []));
  const columns: number[] = [];
  for (const [i, entry] of keys.entries()) {
    const column = keyColumns[i];
    if (column !== undefined && names[column] === entry.key) {
      columns.push(column);
      continue;
    }
    const found = names.indexOf(entry.key);
    const problem =
      found < 0
        ? `config key '${entry.key}' has no column in the header of ${valuesFile}`
        : `config key '${entry.key}' is out of order in the header of ${valuesFile}: ${column === undefined ? 'its column comes too early' : `column ${column + 1} is '${names[column]}' where the config expects '${entry.key}'`}`;
    problems.add(toProblem(new NvsInputError(problem, entry.at, ORDER_HINT)));
    return { columns };
  }
  if (keyColumns.length > keys.length) {
    const extra = keyColumns[keys.length]!;
    problems.add(toProblem(new NvsInputError(`column '${names[extra]}' appears more often in the header than the key in the config file`, columnAt(extra), 'remove the extra column, or rename it')));
  }
  if (fileid === undefined) return { columns };
  const fileidColumn = names.indexOf(fileid);
  if (fileidColumn < 0) {
    problems.add(toProblem(new NvsInputError(`--fileid ${fileid}: the header of ${valuesFile} has no such column (it has: ${names.join(', ')})`, columnAt(0), 'give the name of a column, e.g. --fileid serial_no')));
  }
  return { columns, fileidColumn };
}
