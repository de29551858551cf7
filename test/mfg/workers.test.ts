import { build } from 'esbuild';
import { cliBundleOptions } from '../../scripts/node-bundle.mjs';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nvsVectorPath } from '../helpers/vectors.js';
import { repoRoot } from '../helpers/vectors.js';
import { copyCase, listTree, MFG_10DEV_INPUTS, readTree, tempDir } from './fixtures.js';

/**
 * The worker threads only exist in the bundled CLI (a worker cannot load the
 * TypeScript sources), so these tests bundle it, as scripts/build-cli.mjs
 * does, into a folder of their own, and run it in child processes.
 */
const bundle = join(repoRoot, 'out', `test-mfg-${process.pid}`);
const run = promisify(execFile);

async function cli(cwd: string, args: string[], workers: number): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(bundle, 'run.mjs'), ...args], { cwd, env: { ...process.env, FACTORY_BENCH_MFG_WORKERS: String(workers) }, maxBuffer: 1 << 26 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

beforeAll(async () => {
  await build({ ...cliBundleOptions, entryPoints: { 'factory-bench': join(repoRoot, cliBundleOptions.entryPoints['factory-bench']!) }, outdir: bundle });
  writeFileSync(join(bundle, 'run.mjs'), "const { main } = await import('./factory-bench.mjs');\nprocess.exitCode = await main(process.argv.slice(2));\n");
});

afterAll(() => rmSync(bundle, { recursive: true, force: true }));

/** 20_mfg_10dev's config with `devices` devices, reusing its ten certificates. */
function manyDevices(devices: number, badLine?: number): string {
  const dir = tempDir();
  for (const input of ['config.csv', 'certs', 'keys_fixed.bin']) cpSync(nvsVectorPath('20_mfg_10dev', input), join(dir, input), { recursive: true });
  const rows = ['id,serial_no,device_no,hw_rev,mac,cert,priv_key,region,batch'];
  for (let i = 1; i <= devices; i++) {
    const device = i + 1 === badLine ? 'x' : String(1000 + i);
    rows.push(`${i},SN${String(i).padStart(5, '0')},${device},${i === 1 ? 3 : ''},246f28${i.toString(16).padStart(6, '0')},certs/dev${(i % 10) + 1}.pem,certs/dev${(i % 10) + 1}.key,${i === 1 ? 'EU' : ''},B7`);
  }
  writeFileSync(join(dir, 'values.csv'), `${rows.join('\n')}\n`);
  return dir;
}

describe('mfg generate in worker threads (the bundled CLI)', () => {
  it('the worker code and the code that starts it are in one chunk, which the worker loads', () => {
    const chunks = readdirSync(join(bundle, 'chunks')).filter((f) => f.endsWith('.mjs'));
    const withRole = chunks.filter((f) => readFileSync(join(bundle, 'chunks', f), 'utf8').includes('factory-bench-mfg-worker'));
    expect(withRole).toHaveLength(1);
    expect(readFileSync(join(bundle, 'chunks', withRole[0]!), 'utf8')).toContain('new Worker(new URL(import.meta.url)');
  });

  it('the 10-device vector comes out byte-identical from the bundle', async () => {
    const dir = copyCase('20_mfg_10dev', MFG_10DEV_INPUTS);
    const result = await cli(dir, ['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], 2);
    expect(result.code, result.stderr).toBe(0);
    const ours = readTree(join(dir, 'out'));
    for (const [path, bytes] of readTree(nvsVectorPath('20_mfg_10dev', 'out_default'))) expect(ours.get(path)?.equals(bytes), path).toBe(true);
  });

  it.each([[[]], [['--inputkey', 'keys_fixed.bin']], [['--fileid', 'serial_no', '--prefix_num', '7', '6']]])(
    '600 devices %j: two workers write exactly what the main thread alone writes, and print the same',
    async (options) => {
      const dir = manyDevices(600);
      const args = ['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', ...options];
      const threaded = await cli(dir, [...args, '--outdir', 'threads'], 2);
      const single = await cli(dir, [...args, '--outdir', 'single'], 0);
      expect(threaded.code, threaded.stderr).toBe(0);
      expect(single.code, single.stderr).toBe(0);
      expect(threaded.stdout.replaceAll('threads/', 'single/').replace('in threads ...', 'in single ...')).toBe(single.stdout);
      const a = readTree(join(dir, 'threads'));
      const b = readTree(join(dir, 'single'));
      expect(a.size).toBe(1200);
      expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
      for (const [path, bytes] of a) expect(bytes.equals(b.get(path)!), path).toBe(true);
    },
  );

  it('a bad value on device 500 of 600: the problem is named and nothing is written', async () => {
    const dir = manyDevices(600, 501);
    const before = listTree(dir);
    const result = await cli(dir, ['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], 2);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/values\.csv:501:13: 'x' is not a decimal integer \(encoding u32\)/);
    expect(listTree(dir)).toEqual(before);
  });

  it('an outdir that cannot be written: a clear error, exit 1, nothing left', async () => {
    const dir = manyDevices(100);
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'bin'), 'a file where the bin folder should be');
    const result = await cli(dir, ['mfg', 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], 2);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toMatch(/internal error/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['bin']);
  });
});
