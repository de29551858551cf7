// Runs the benchmarks in bench/ (one module per area, default-exporting an
// async function) and prints their figures; it never asserts times.
//   npm run bench            every area
//   npm run bench -- nvs     the named ones
// Each module is bundled with esbuild into out/bench first, and the CLI is
// built (scripts/build-cli.mjs) so that the shipped bundle is what is measured.
// BENCH_TMPDIR sets where the scratch files go (default: the OS temp folder).
import { build } from 'esbuild';
import { nodeBundleOptions } from './node-bundle.mjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const available = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.ts') && f !== 'lib.ts')
  .map((f) => f.slice(0, -3));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark ${unknown.join(', ')}; there are: ${available.join(', ')}\n`);
  process.exit(2);
}
const areas = wanted.length > 0 ? wanted : available;

execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { cwd: root, stdio: 'inherit' });
await build({
  entryPoints: Object.fromEntries(areas.map((name) => [name, join(root, 'bench', `${name}.ts`)])),
  outdir: join(root, 'out', 'bench'),
  ...nodeBundleOptions,
});

process.stdout.write(`Node ${process.version}, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB\n`);
for (const name of areas) {
  const tmp = mkdtempSync(join(process.env.BENCH_TMPDIR ?? tmpdir(), `factory-bench-${name}-`));
  process.stdout.write(`\n## ${name}  (scratch: ${tmp})\n`);
  const ctx = {
    root,
    tmp,
    report: (label, figure) => process.stdout.write(`  ${label.padEnd(62)} ${figure}\n`),
    note: (text) => process.stdout.write(`  ${text}\n`),
  };
  try {
    const { default: run } = await import(pathToFileURL(join(root, 'out', 'bench', `${name}.mjs`)).href);
    await run(ctx);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
