// Bundles the command line (src/main/cli) into out/cli with esbuild. Each
// command is its own chunk, loaded only when it runs, so --help starts fast.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { cliBundleOptions } from './node-bundle.mjs';

rmSync('out/cli', { recursive: true, force: true });
await build({ ...cliBundleOptions, outdir: 'out/cli', sourcemap: 'linked' });
