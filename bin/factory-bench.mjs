#!/usr/bin/env node
// The factory-bench command. Runs the bundled CLI (built by `npm run setup`);
// when started by a Node older than 22.12 it re-runs itself with the Node that
// setup fetched into .tools/.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  const tools = join(root, '.tools');
  const local = existsSync(tools) ? readdirSync(tools).filter((d) => d.startsWith('node-v')).map((d) => join(tools, d, 'bin', 'node')).find(existsSync) : undefined;
  if (!local) {
    process.stderr.write(`factory-bench needs Node >= 22.12 (this is ${process.version}). Run: npm run setup\n`);
    process.exit(1);
  }
  const r = spawnSync(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const entry = join(root, 'out', 'cli', 'factory-bench.mjs');
if (!existsSync(entry)) {
  process.stderr.write('factory-bench is not built yet. Run: npm run setup (or npm run build:cli)\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv.slice(2));
