import { NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';
import type { ConfigEntry } from './config.js';
import type { HeaderMap } from './header.js';
import type { DeviceJob } from './job.js';
import { deviceName, fileNameProblem, foldName, namesCanCollide, type Naming } from './names.js';
import type { ValuesRecord } from './values-reader.js';

interface DeviceValues {
  values: string[];
  positions: number[];
}

/**
 * Turns the rows of the values file into devices: checks the row's width,
 * fills REPEAT values from the first row, names the device and checks the
 * name. Keeps, as its only per-device state, the names already given when
 * they come from a --fileid column alone (to refuse duplicates before writing).
 */
export class DeviceRows {
  private readonly repeats: boolean[];
  private readonly seen: Map<string, number> | undefined;
  private first: DeviceValues | undefined;
  private index = 0;

  constructor(
    config: readonly ConfigEntry[],
    private readonly header: ValuesRecord,
    private readonly map: HeaderMap,
    private readonly naming: Naming,
    private readonly valuesFile: string,
  ) {
    this.repeats = config.filter((entry) => entry.type !== 'namespace').map((entry) => entry.repeat);
    this.seen = namesCanCollide(naming) ? new Map() : undefined;
  }

  /** Rows seen so far, good or bad. */
  get count(): number {
    return this.index;
  }

  device(record: ValuesRecord): DeviceJob | NvsInputError {
    this.index++;
    const width = this.header.fields.length;
    if (record.fields.length !== width) {
      const problem = `this row has ${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, the header (line ${this.header.line}) has ${width}`;
      return new NvsInputError(problem, { file: this.valuesFile, line: record.line, column: 1 }, 'give every column a value; leave a value empty with nothing between its commas (a,,c)');
    }
    const own = this.values(record);
    this.first ??= own;
    const filled = this.fill(own);
    const fileid = this.fileid(record);
    const name = deviceName(this.naming, this.index, fileid?.value ?? String(this.index));
    return this.checkName(name, fileid, record.line) ?? { name, line: record.line, ...filled };
  }

  private values(record: ValuesRecord): DeviceValues {
    const values: string[] = [];
    const positions: number[] = [];
    for (const column of this.map.columns) {
      values.push(record.fields[column]!);
      positions.push(record.positions[2 * column]!, record.positions[2 * column + 1]!);
    }
    return { values, positions };
  }

  /** REPEAT keys take the first row's value (and its place, for messages). */
  private fill(own: DeviceValues): DeviceValues {
    const first = this.first!;
    if (first === own || !this.repeats.includes(true)) return own;
    const values = own.values.map((value, i) => (this.repeats[i] ? first.values[i]! : value));
    const positions = own.positions.map((n, i) => (this.repeats[i >> 1] ? first.positions[i]! : n));
    return { values, positions };
  }

  /** The --fileid value and its place; a column that is a REPEAT key gives the first row's, as in the reference. */
  private fileid(record: ValuesRecord): { value: string; at: SourceLocation } | undefined {
    const column = this.map.fileidColumn;
    if (column === undefined) return undefined;
    const key = this.map.columns.indexOf(column);
    const source = key >= 0 && this.repeats[key] ? { fields: this.first!.values, positions: this.first!.positions, i: key } : { fields: record.fields, positions: record.positions, i: column };
    return { value: source.fields[source.i]!, at: { file: this.valuesFile, line: source.positions[2 * source.i]!, column: source.positions[2 * source.i + 1]! } };
  }

  private checkName(name: string, fileid: { value: string; at: SourceLocation } | undefined, line: number): NvsInputError | undefined {
    if (!fileid) return undefined;
    if (fileid.value === '') return new NvsInputError('the --fileid column is empty in this row, so the device has no file name', fileid.at, 'give every device a value in that column');
    const why = fileNameProblem(fileid.value);
    if (why) return new NvsInputError(`the --fileid value '${fileid.value}' ${why}`, fileid.at, 'choose a --fileid column whose values are plain names, such as a serial number');
    if (!this.seen) return undefined;
    const folded = foldName(name);
    const earlier = this.seen.get(folded);
    if (earlier === undefined) {
      this.seen.set(folded, line);
      return undefined;
    }
    return new NvsInputError(
      `the device name '${name}' is already the name of line ${earlier}`,
      fileid.at,
      'every device needs its own --fileid value (compared ignoring case, as Windows and macOS do); or add --prefix_num START LENGTH to number the files',
    );
  }
}
