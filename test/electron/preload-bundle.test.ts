import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENTS_CHANNEL } from '../../src/shared/api.js';
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

  it('uses ipcRenderer to invoke calls and to listen on the events channel only; never hands ipcRenderer or its event out', () => {
    const uses = [...code.matchAll(/ipcRenderer\b(\s*\.\s*\w+)?/g)].map((m) => (m[1] ?? '').replace(/\s/g, ''));
    expect(new Set(uses)).toEqual(new Set(['.invoke', '.on', '.off']));
    const channels = [...code.matchAll(/ipcRenderer\s*\.\s*(?:on|off)\(\s*([^,]+),/g)].map((m) => m[1]!.trim());
    expect(channels.length).toBe(2);
    // The channel is a constant equal to the contract's (the preload does not import zod to read it).
    const constant = new RegExp(`\\b${channels[0]}\\s*=\\s*["']([^"']+)["']`).exec(code);
    expect(constant?.[1]).toBe(EVENTS_CHANNEL);
    expect(code).not.toMatch(/\b(send|sendSync|sendTo|sendToHost|postMessage|once|addListener)\s*\(/);
    expect(code).not.toMatch(/webFrame|require\(\s*["'](?!electron["'])/);
  });

  it('passes the page only the event batch, not the IPC event with its sender', () => {
    expect(code).toMatch(/\(\s*_?\w*\s*,\s*(\w+)\s*\)\s*=>\s*\w+\(\s*\1\s*\)/);
  });
});
