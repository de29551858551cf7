import { resolve } from 'node:path';
import type { ChipName } from '../esp/chips.js';
import type { LoadedSerialScheme } from '../identity/serial-scheme.js';
import type { JobDefinition } from '../ledger/index.js';
import type { Partition } from '../../shared/partitions.js';
import { boardValues, type FctryValues } from './board-values.js';
import { loadCertificates, type LoadedCertificates } from './certificates.js';
import { definitionHash } from './definition-hash.js';
import { buildFctryImage } from './fctry-image.js';
import { loadFctryNvs } from './fctry-nvs.js';
import { checkFlashLayout } from './flash-layout.js';
import { loadFirmware, type FirmwareImage } from './firmware.js';
import { JobFiles, type Reference } from './job-files.js';
import type { JobSettings } from './job-schema.js';
import { JsonSyntaxError, readJson, type JsonDocument } from './json-text.js';
import { renderCsv } from './nvs-template.js';
import { compareTableImage, findFctryPartition, loadPartitionTable } from './partition-file.js';
import { JobProblemsError, ProblemSink } from './problems.js';
import { JOB_FILE, readSettings } from './read-settings.js';
import { loadJobSerialScheme } from './serial.js';
import { checkConsolePattern, checkConstants, tableOffsetOf } from './settings-checks.js';

export { JobProblemsError, formatJobProblem, type JobProblem } from './problems.js';
export { TemplateValueError } from './nvs-template.js';
export type { FctryValues } from './board-values.js';
export type { LoadedCertificates } from './certificates.js';
export type { FirmwareImage } from './firmware.js';
export type { JobSettings } from './job-schema.js';

export interface LoadJobOptions {
  /** The CA passphrase: with it, an issuing CA is opened and checked now; without, at start. */
  passphrase?: string;
  /** The clock for the CA's validity and the sample serial. */
  now?: Date;
}

/** A job folder, checked and read: everything that is the same for every board. */
export interface LoadedJob {
  /** The job folder, absolute. */
  dir: string;
  settings: JobSettings;
  chip: ChipName;
  /** What to flash besides the fctry image, in offset order, each read once; includes the partition table. */
  images: FirmwareImage[];
  partitions: Partition[];
  partitionTableOffset: number;
  fctry: { name: string; offset: number; size: number };
  /** Bytes, from the build's flash settings; undefined when the build leaves it to detection. */
  flashSize: number | undefined;
  flashSettings?: { mode: string; size: string; freq: string };
  serialScheme: LoadedSerialScheme;
  certificates: LoadedCertificates;
  /** One board's fctry image (encrypted when the job has NVS keys). Throws TemplateValueError or NvsInputError. */
  renderTemplate(values: FctryValues): Uint8Array;
  /** The filled-in template as an nvs_partition_gen CSV that makes the same (plaintext) image. */
  renderTemplateCsv(values: FctryValues): string;
  /** SHA-256 over job.json and every file it uses (see `files`). */
  definitionSha256: string;
  files: { path: string; sha256: string }[];
  /** The job as the ledger registers it. */
  ledgerDefinition: JobDefinition;
  /** Things worth knowing that do not stop the job (the CA passphrase is asked at start, a key written twice). */
  notices: string[];
}

async function readJobFile(files: JobFiles, sink: ProblemSink): Promise<JsonDocument | undefined> {
  const text = await files.readText(JOB_FILE, 'job file', { file: JOB_FILE });
  if (text === undefined) return undefined;
  try {
    return readJson(text);
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    sink.add({ file: JOB_FILE, ...error.position, message: `not valid JSON: ${error.message}`, hint: 'job.json is JSON: double-quoted names and strings, no comments, no trailing commas' });
    return undefined;
  }
}

/** A serial and MAC like the job's boards will have, to try the certificate templates with. */
function sampleBoard(scheme: LoadedSerialScheme | undefined, job: string | undefined, now: Date): { serial: string; mac: string; job: string } {
  let serial = 'SN0001';
  if (scheme?.kind === 'counter') serial = scheme.template.render(now, scheme.start);
  else if (scheme?.kind === 'list' && scheme.serials[0]) serial = scheme.serials[0].serial;
  return { serial, mac: '24:6f:28:00:00:01', job: job ?? 'job' };
}

/**
 * Loads a job folder (`dir/job.json` and every file it names) and checks all
 * of it: the firmware, the partition table and the fctry partition, the
 * template against the partition with the largest values a board may bring,
 * the serial scheme and the certificates. Every problem is collected and
 * thrown together as one JobProblemsError, before any board is touched.
 */
export async function loadJob(dir: string, options: LoadJobOptions = {}): Promise<LoadedJob> {
  const root = resolve(dir);
  const now = options.now ?? new Date();
  const sink = new ProblemSink();
  const files = new JobFiles(root, sink);
  const notices: string[] = [];
  const notice = (message: string): void => void notices.push(message);
  const fail = (): never => {
    throw new JobProblemsError(root, sink.list);
  };

  const doc = await readJobFile(files, sink);
  if (!doc) return fail();
  const at = (path: PropertyKey[], charIndex?: number): Reference => ({ file: JOB_FILE, ...doc.at(path, charIndex) });
  const { settings, problems } = readSettings(doc);
  sink.addAll(problems);
  const constants = checkConstants(settings.constants ?? {}, sink, at);

  const chip = settings.chip && { name: settings.chip, at: at(['chip']) };
  const firmware = settings.firmware && (await loadFirmware(settings.firmware, chip, files, sink, at));
  const tableOffset = tableOffsetOf(settings, firmware?.tableOffset, sink, at);
  const table = settings.partitionTable === undefined ? undefined : await loadPartitionTable(settings.partitionTable, tableOffset, files, sink, at(['partitionTable']));
  const fctry = table && settings.fctryPartition ? findFctryPartition(table, settings.fctryPartition, sink) : undefined;

  const images = [...(firmware?.images ?? [])];
  const tableImage = images.find((image) => image.offset === tableOffset);
  if (table && tableImage) compareTableImage(table, tableImage, tableOffset, sink);
  // A job that ships its table as partitions.csv flashes it encoded, as the build would.
  if (table && !tableImage) images.push({ offset: tableOffset, file: table.file, data: table.binary, at: at(['partitionTable']) });
  images.sort((a, b) => a.offset - b.offset);
  const fctryAt: Reference = { file: table?.file ?? JOB_FILE, ...(fctry?.csv && { line: fctry.csv.line }) };
  checkFlashLayout(
    { images: images.map((i) => ({ offset: i.offset, file: i.file, length: i.data.length, at: i.at })), fctry: fctry && { ...fctry, at: fctryAt }, partitions: table?.partitions, partitionFile: table?.file, flashSize: firmware?.flashSize },
    sink,
  );

  const serialScheme = settings.serial && (await loadJobSerialScheme(settings.serial, constants, files, sink, at));
  if (serialScheme?.kind === 'counter') {
    for (const warning of serialScheme.template.warnings) notice(`job.json: serial.template, column ${warning.column}: ${warning.message} (${warning.hint})`);
  }
  const certificates =
    settings.certificates &&
    (await loadCertificates(settings.certificates, { files, sink, at, constants, sample: sampleBoard(serialScheme, settings.name, now), passphrase: options.passphrase, now, notice }));
  const caPem = certificates?.mode === 'issue' ? certificates.caPem : undefined;
  const nvs = settings.nvs && (await loadFctryNvs(settings.nvs, fctry, { files, sink, at, constants, certMode: settings.certificates?.mode, caPem, notice }));
  if (settings.check) checkConsolePattern(settings.check, sink, at);

  if (sink.count > 0) return fail();
  // Every part loaded without a problem, so none is missing.
  const job = settings as JobSettings;
  const hash = definitionHash(files.contents);
  const build = (values: FctryValues): ReturnType<typeof boardValues> => boardValues(values, constants, caPem);
  return {
    dir: root,
    settings: job,
    chip: job.chip,
    images: images.map(({ offset, file, data }) => ({ offset, file, data })),
    partitions: table!.partitions,
    partitionTableOffset: tableOffset,
    fctry: { name: fctry!.name, offset: fctry!.offset, size: fctry!.size },
    flashSize: firmware!.flashSize,
    ...(firmware!.flashSettings && { flashSettings: firmware!.flashSettings }),
    serialScheme: serialScheme!,
    certificates: certificates!,
    renderTemplate: (values) => buildFctryImage(nvs!.template, build(values), { ...nvs!.options, size: fctry!.size }),
    renderTemplateCsv: (values) => renderCsv(nvs!.template, build(values)),
    definitionSha256: hash.sha256,
    files: hash.files,
    ledgerDefinition: {
      name: job.name,
      product: job.product,
      serialScheme: job.serial,
      certMode: job.certificates.mode,
      ...(job.certificates.mode === 'pool' && { certPool: job.certificates.pool }),
      definitionSha256: hash.sha256,
    },
    notices,
  };
}
