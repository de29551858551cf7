import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, opendirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { CliError } from '../cli/errors.js';
import type { OutputFolder } from './job.js';

/**
 * A run writes every file into a hidden staging folder inside --outdir and
 * moves them into place only when every device is good, so that a failed or
 * interrupted run leaves no output behind, and no file is ever seen half-written.
 */
const PREFIX = '.factory-bench-mfg-';
const host = (): string => hostname().replace(/[^A-Za-z0-9]/g, '_');

function createStaging(outdir: string, folders: readonly OutputFolder[]): string {
  const staging = join(outdir, `${PREFIX}${host()}-${process.pid}-${randomBytes(4).toString('hex')}`);
  for (const folder of folders) mkdirSync(join(staging, folder), { recursive: true });
  return staging;
}

export function discardStaging(staging: string): void {
  rmSync(staging, { recursive: true, force: true, maxRetries: 3 });
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Removes the staging folders that runs on this machine left when they were killed. */
function removeStaleStaging(outdir: string, warn: (message: string) => void): void {
  let entries: string[];
  try {
    entries = readdirSync(outdir);
  } catch {
    return;
  }
  const mine = new RegExp(`^${PREFIX.replaceAll('.', '\\.')}${host()}-(\\d+)-[0-9a-f]+$`);
  for (const entry of entries) {
    const pid = mine.exec(entry)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    discardStaging(join(outdir, entry));
    warn(`removed ${join(outdir, entry)}, the unfinished output of a run that was killed (process ${pid})`);
  }
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

/** Moves one file into place, never over an existing one. */
function moveFile(from: string, to: string): void {
  try {
    linkSync(from, to);
    unlinkSync(from);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new CliError(`${to} appeared while this run was writing; it was left as it is`);
    if (!code || !NO_HARD_LINKS.has(code)) throw error;
    // File systems without hard links (FAT, some shares): check, then rename.
    if (existsSync(to)) throw new CliError(`${to} appeared while this run was writing; it was left as it is`);
    renameSync(from, to);
  }
}

/**
 * Moves the staged files into outdir. A folder that did not exist before the
 * run is moved in one rename; into a folder that did, file by file.
 */
export function commitStaging(staging: string, outdir: string, folders: readonly OutputFolder[], existing: readonly OutputFolder[]): void {
  try {
    moveAll(staging, outdir, folders, existing);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot move the new files into ${outdir}: ${(error as Error).message}`);
  }
}

function moveAll(staging: string, outdir: string, folders: readonly OutputFolder[], existing: readonly OutputFolder[]): void {
  for (const folder of folders) {
    const from = join(staging, folder);
    const to = join(outdir, folder);
    if (!existing.includes(folder)) {
      try {
        renameSync(from, to);
        continue;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw error;
        mkdirSync(to, { recursive: true });
      }
    }
    const dir = opendirSync(from);
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) moveFile(join(from, entry.name), join(to, entry.name));
    } finally {
      dir.closeSync();
    }
  }
}

/** The output folders that are there already; each must be a folder. */
function existingFolders(outdir: string, folders: readonly OutputFolder[]): OutputFolder[] {
  return folders.filter((folder) => {
    const path = join(outdir, folder);
    if (!existsSync(path)) return false;
    if (!statSync(path).isDirectory()) throw new CliError(`${path} is not a folder: the ${folder} files of every device go there; move it away or choose another --outdir`);
    return true;
  });
}

export interface Output {
  staging: string;
  /** Output folders that existed before the run: their files are checked and moved one by one. */
  existing: OutputFolder[];
  /** Removes the staging folder, and outdir if this run created it and it is still empty. */
  discard(): void;
}

/** Creates outdir (if needed) and a staging folder in it. */
export function prepareOutput(outdir: string, folders: readonly OutputFolder[], warn: (message: string) => void): Output {
  let created: string | undefined;
  try {
    created = mkdirSync(outdir, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create the output folder ${outdir}: ${(error as Error).message}`);
  }
  const removeCreated = (): void => {
    if (created === undefined) return;
    for (let dir = outdir; ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
      if (dir === created) return;
    }
  };
  try {
    removeStaleStaging(outdir, warn);
    const existing = existingFolders(outdir, folders);
    const staging = createStaging(outdir, folders);
    return {
      staging,
      existing,
      discard: () => {
        discardStaging(staging);
        removeCreated();
      },
    };
  } catch (error) {
    removeCreated();
    throw error;
  }
}
