import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { JobProblemsError, loadJob, type JobProblem, type LoadJobOptions } from '../../src/main/job/load-job.js';
import { repoRoot } from '../helpers/vectors.js';

export const EXAMPLE_DIR = join(repoRoot, 'resources/examples/widget-job');
/** The example CA's passphrase (README, "A job folder"). */
export const EXAMPLE_PASSPHRASE = 'widget-example-passphrase';

/** Copies of the example job, each in its own temporary folder, removed after the test. */
export function useExampleCopies(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-job-'));
    made.push(dir);
    cpSync(EXAMPLE_DIR, dir, { recursive: true });
    return dir;
  };
}

/** Changes job.json in `dir`, written back with one field per line as people write it. */
export function editJob(dir: string, edit: (job: Record<string, unknown>) => void): void {
  const path = join(dir, 'job.json');
  const job = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  edit(job);
  writeFileSync(path, `${JSON.stringify(job, null, 2)}\n`);
}

export function editFile(dir: string, name: string, edit: (text: string) => string): void {
  const path = join(dir, name);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
}

/** The problems loadJob finds in `dir`; fails the test when it loads. */
export async function problemsOf(dir: string, options?: LoadJobOptions): Promise<JobProblem[]> {
  const outcome = await loadJob(dir, options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(JobProblemsError);
  return [...(outcome as JobProblemsError).problems];
}

/** Line (1-based) of the first line of `file` in `dir` that contains `text`. */
export function lineOf(dir: string, file: string, text: string): number {
  const index = readFileSync(join(dir, file), 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${file} has no line with ${text}`);
  return index + 1;
}

/** Writes the example CA's passphrase into `dir`, for --passphrase-file. */
export function withPassphrase(dir: string): string {
  const file = join(dir, 'passphrase.txt');
  writeFileSync(file, `${EXAMPLE_PASSPHRASE}\n`);
  return file;
}
