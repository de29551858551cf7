import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/vectors.js';

// The preload as Electron loads it: built by electron-vite (which needs no Electron binary), then read.
describe('the built preload (out/preload/index.cjs)', () => {
  let code = '';
  beforeAll(() => {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { cwd: repoRoot, stdio: 'pipe' });
    code = readFileSync(join(repoRoot, 'out/preload/index.cjs'), 'utf8');
  }, 120_000);

  it("exposes one thing, window.bench, through contextBridge", () => {
    expect([...code.matchAll(/exposeInMainWorld\(\s*(["'`])([^"'`]*)\1/g)].map((m) => m[2])).toEqual(['bench']);
    expect(code.match(/exposeInMainWorld/g)).toHaveLength(1);
    expect(code).not.toMatch(/exposeInIsolatedWorld|executeInMainWorld/);
  });

  it('uses ipcRenderer only to invoke: no send, no listeners, and never hands ipcRenderer itself out', () => {
    const uses = [...code.matchAll(/ipcRenderer\b(\s*\.\s*\w+)?/g)].map((m) => (m[1] ?? '').replace(/\s/g, ''));
    expect(uses.length).toBeGreaterThan(0);
    expect(new Set(uses)).toEqual(new Set(['.invoke']));
    expect(code).not.toMatch(/\b(send|sendSync|sendTo|sendToHost|postMessage|on|once|addListener)\s*\(/);
    expect(code).not.toMatch(/webFrame|require\(\s*["'](?!electron["'])/);
  });
});
