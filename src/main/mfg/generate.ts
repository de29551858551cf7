import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { CliError } from '../cli/errors.js';
import { NvsInputError } from '../../shared/nvs/errors.js';
import type { FormatVersion } from '../../shared/nvs/items.js';
import { parsePartitionSize, partitionGeometry } from '../../shared/nvs/size.js';
import { readInputText } from '../nvs/read-file.js';
import { makeAnnouncer } from './announce.js';
import type { BatchResult } from './batch.js';
import { parseMfgConfig, type ConfigEntry } from './config.js';
import { DeviceRows } from './device-rows.js';
import { Dispatcher } from './dispatcher.js';
import { mapHeader } from './header.js';
import { savesKeys, type DeviceJob, type KeySource, type MfgJob, type OutputFolder } from './job.js';
import { NameLog } from './name-log.js';
import { ProblemList, toProblem } from './problems.js';
import { commitStaging, prepareOutput } from './staging.js';
import { readValuesFile, type ValuesRecord } from './values-reader.js';

export interface MfgOptions {
  config: string;
  values: string;
  prefix: string;
  /** As given on the command line: 0x6000, 24576… */
  size: string;
  /** As given; the default is the current directory. */
  outdir?: string;
  fileid?: string;
  prefixNum?: { start: number; length: number };
  version: FormatVersion;
  keySource: KeySource;
  cwd: string;
  /** Worker threads that build and write devices; 0 builds in this thread. */
  workers: number;
  /** Devices per message to a worker. */
  batchSize?: number;
  signal?: AbortSignal;
  /** stdout, as the reference prints it. */
  out(text: string): void;
  warn(message: string): void;
}

const expandHome = (path: string): string => (path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path);

function readConfig(options: MfgOptions, problems: ProblemList): ConfigEntry[] {
  try {
    return parseMfgConfig(readInputText(options.config, options.cwd, 'config file'), options.config, problems, options.warn);
  } catch (error) {
    if (!(error instanceof NvsInputError)) throw error;
    problems.add(toProblem(error));
    return [];
  }
}

/**
 * `mfg generate`: one NVS image per row of the values file, named and laid out
 * as mfg_gen.py does it. Every row is checked before any file appears: the
 * values file is streamed once, devices are built (in worker threads) into a
 * staging folder inside --outdir, and moved into place only if every device
 * was good. Returns the number of devices.
 */
export async function generateMfg(options: MfgOptions): Promise<number> {
  const problems = new ProblemList([options.config, options.values]);
  const size = parsePartitionSize(options.size);
  const config = readConfig(options, problems);
  if (problems.count > 0) throw problems.toError('nothing was written');

  const records = readValuesFile(options.values, options.cwd)[Symbol.asyncIterator]();
  try {
    const first = await records.next();
    if (first.done) throw new NvsInputError(`values file '${options.values}' is empty`, undefined, 'its first line names the columns: the config keys, in config order, and any others');
    const map = mapHeader(config, first.value, options.values, options.fileid, problems);
    if (problems.count > 0) throw problems.toError('nothing was written');
    const rows = new DeviceRows(config, first.value, map, { prefix: options.prefix, fileidColumn: map.fileidColumn, prefixNum: options.prefixNum }, options.values);

    const outdirShown = options.outdir ?? options.cwd;
    const outdir = resolve(options.cwd, expandHome(outdirShown));
    const source = options.keySource;
    const saveKeys = savesKeys(source);
    const folders: OutputFolder[] = saveKeys ? ['csv', 'bin', 'keys'] : ['csv', 'bin'];
    const output = prepareOutput(outdir, folders, options.warn);
    let log: NameLog | undefined;
    try {
      log = new NameLog(join(output.staging, 'names.txt'));
      const job: MfgJob = {
        config,
        valuesFile: options.values,
        size,
        version: options.version,
        cwd: options.cwd,
        outdir,
        outdirShown: options.outdir ?? '',
        staging: output.staging,
        keySource: source,
        existingFolders: output.existing,
      };
      await buildAll(job, records, rows, log, problems, options);
      if (problems.count > 0) throw problems.toError(`nothing was written to ${outdirShown}`);
      commitStaging(output.staging, outdir, folders, output.existing);
      const announcer = makeAnnouncer({ outdirShown, encrypted: source.kind !== 'none', saveKeys, readOnly: partitionGeometry(size).readOnly, version: options.version });
      options.out(announcer.start);
      log.replay(announcer.device, options.out);
      options.out(announcer.end);
      if (rows.count === 0) options.warn(`${options.values} has no device rows: no files were generated`);
      return rows.count;
    } finally {
      log?.close();
      output.discard();
    }
  } finally {
    await records.return?.(undefined);
  }
}

/**
 * Streams the device rows and hands them in batches to the workers. After the
 * first problem, devices are still built (to find every problem) but no
 * longer written.
 */
async function buildAll(job: MfgJob, records: AsyncIterator<ValuesRecord>, rows: DeviceRows, log: NameLog, problems: ProblemList, options: MfgOptions): Promise<void> {
  const batchSize = options.batchSize ?? 64;
  let fatal: string | undefined;
  const onResult = (result: BatchResult): void => {
    for (const problem of result.problems) problems.add(problem);
    fatal ??= result.fatal;
  };
  const dispatcher = new Dispatcher(job, options.workers, onResult);
  let batch: DeviceJob[] = [];
  const submit = async (last: boolean): Promise<void> => {
    log.flush();
    await dispatcher.submit(batch, problems.count === 0, last);
    batch = [];
  };
  try {
    for (let next = await records.next(); !next.done && fatal === undefined; next = await records.next()) {
      if (options.signal?.aborted) throw new CliError('interrupted; nothing was written', 130);
      const device = rows.device(next.value);
      if (device instanceof NvsInputError) {
        problems.add(toProblem(device));
        continue;
      }
      log.add(device.name);
      batch.push(device);
      if (batch.length >= batchSize) await submit(false);
    }
    if (fatal === undefined && batch.length > 0) await submit(true);
    await dispatcher.drain();
  } finally {
    await dispatcher.close();
  }
  if (fatal) throw new CliError(`${fatal}; nothing was written`);
}
