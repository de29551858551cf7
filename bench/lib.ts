import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What scripts/bench.mjs hands every benchmark module. */
export interface BenchContext {
  /** The repository root. */
  root: string;
  /** A scratch folder of this run, removed afterwards. */
  tmp: string;
  /** Prints one figure: what was measured, and the number with its unit. */
  report(label: string, figure: string): void;
  /** Prints a note (setup steps, what is not available). */
  note(text: string): void;
}

/** A benchmark module's default export. */
export type Benchmark = (ctx: BenchContext) => Promise<void>;

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export const formatRate = (count: number, ms: number, unit: string): string => `${Math.round((count * 1000) / ms).toLocaleString('en-US')} ${unit}/s`;
export const formatMiB = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;

export interface CliRun {
  ms: number;
  code: number;
  /** Peak resident set of the whole process, worker threads included. */
  maxRssBytes: number;
  stderr: string;
}

/**
 * Runs the built CLI (out/cli) in a child process the way bin/factory-bench.mjs
 * does, and reports its wall time and peak RSS (process.resourceUsage at exit).
 * stdout is drained and dropped.
 */
export function runCli(ctx: BenchContext, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const entry = pathToFileURL(join(ctx.root, 'out', 'cli', 'factory-bench.mjs')).href;
  const runner = join(ctx.tmp, 'run-cli.mjs');
  writeFileSync(
    runner,
    `const { main } = await import(${JSON.stringify(entry)});
const code = await main(process.argv.slice(2));
process.stderr.write('\\nBENCH_MAXRSS ' + process.resourceUsage().maxRSS + '\\n');
process.exitCode = code;
`,
  );
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [runner, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      const match = /BENCH_MAXRSS (\d+)/.exec(stderr);
      resolve({ ms, code: code ?? 1, maxRssBytes: match ? Number(match[1]) * 1024 : NaN, stderr: stderr.replace(/\nBENCH_MAXRSS \d+\n/, '') });
    });
  });
}

/** Wall time of one synchronous child process run. */
export function timeProcess(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
  return performance.now() - started;
}
