// Bundles the command line (src/main/cli) into out/cli with esbuild. Each
// command is its own chunk, loaded only when it runs, so --help starts fast.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync('out/cli', { recursive: true, force: true });
await build({
  entryPoints: { 'factory-bench': 'src/main/cli/main.ts' },
  outdir: 'out/cli',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22.12',
  packages: 'external',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: 'linked',
  logLevel: 'warning',
});
