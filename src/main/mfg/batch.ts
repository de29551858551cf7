import { existsSync, writeFileSync } from 'node:fs';
import { sep } from 'node:path';
import { NvsInputError } from '../../shared/nvs/errors.js';
import { buildDevice, type DeviceFiles, type ReadFile } from './device.js';
import { shownJoin } from './announce.js';
import { hmacKeyFileName, keysFileName, savesKeys, type DeviceJob, type MfgJob, type OutputFolder } from './job.js';
import { toProblem, type Problem } from './problems.js';

export interface BatchResult {
  problems: Problem[];
  /** A failure that ends the run (the disk is full, a folder is not writable). */
  fatal?: string;
}

/** The files a device gets, as folder and name, whether or not it has keys. */
export function deviceFileNames(job: MfgJob, name: string): [OutputFolder, string][] {
  const files: [OutputFolder, string][] = [
    ['csv', `${name}.csv`],
    ['bin', `${name}.bin`],
  ];
  if (savesKeys(job.keySource)) files.push(['keys', keysFileName(name)]);
  if (job.keySource.kind === 'random-hmac') files.push(['keys', hmacKeyFileName(name)]);
  return files;
}

function contents(files: DeviceFiles, folder: OutputFolder, fileName: string): Uint8Array | string {
  if (folder === 'csv') return files.csv;
  if (folder === 'bin') return files.image;
  return fileName.startsWith('hmac-') ? files.hmacKey! : files.keyPartition!;
}

/**
 * Builds a batch of devices and, when `write` is set, writes their files into
 * the staging folder. A bad device is reported and skipped; the others go on,
 * so that one run finds every problem.
 */
export function runBatch(job: MfgJob, devices: readonly DeviceJob[], write: boolean, readFile: ReadFile): BatchResult {
  const problems: Problem[] = [];
  // Each image is written before the next is built, so one buffer serves the batch.
  const scratch = write ? new Uint8Array(job.size) : undefined;
  for (const device of devices) {
    const rowAt = { file: job.valuesFile, line: device.line, column: 1 };
    const names = deviceFileNames(job, device.name);
    const clashes = names.filter(([folder, fileName]) => job.existingFolders.includes(folder) && existsSync(`${job.outdir}${sep}${folder}${sep}${fileName}`));
    if (clashes.length > 0) {
      const shown = clashes.map(([folder, fileName]) => shownJoin(job.outdirShown, folder, fileName));
      const what = shown.length === 1 ? `${shown[0]} already exists` : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]} already exist`;
      problems.push(toProblem(new NvsInputError(what, rowAt, 'remove the old files first, or write to another --outdir')));
    }
    let files: DeviceFiles;
    try {
      files = buildDevice(job, device, readFile, scratch);
    } catch (error) {
      if (!(error instanceof NvsInputError)) throw error;
      problems.push({ ...toProblem(error), at: error.at ?? rowAt });
      continue;
    }
    if (!write || clashes.length > 0) continue;
    for (const [folder, fileName] of names) {
      const path = `${job.staging}${sep}${folder}${sep}${fileName}`;
      try {
        // Key files are secrets: owner-only, as nvs generate-key writes them.
        writeFileSync(path, contents(files, folder, fileName), { flag: 'wx', mode: folder === 'keys' ? 0o600 : 0o666 });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') return { problems, fatal: `cannot write ${path}: ${(error as Error).message}` };
        const message = `another device of this run is also named ${device.name}`;
        problems.push(toProblem(new NvsInputError(message, rowAt, 'give every device its own --fileid value')));
        break;
      }
    }
  }
  return { problems };
}
