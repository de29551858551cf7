import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nativeBindingPath } from '../../src/main/ledger/index.js';
import { openLedger, scratch } from './fixtures.js';

const require = createRequire(import.meta.url);

describe('native modules: built from source, one binary for Node and Electron', () => {
  it('opens ledgers with the better-sqlite3 compiled by npm run setup, not a downloaded prebuild', () => {
    const path = nativeBindingPath();
    expect(path, 'npm run setup compiles better-sqlite3 into build/Release').toBeDefined();
    expect(path!.split(sep).join('/')).toMatch(/node_modules\/better-sqlite3\/build\/Release\/better_sqlite3\.node$/);
    openLedger(join(scratch(), 'ledger.sqlite')).close();
    const loaded = Object.keys(require.cache).filter((file) => file.endsWith('.node') && file.includes('better'));
    expect(loaded).toEqual([path]);
  });

  it('is a Node-API addon (no Node ABI version), so Electron loads the same file without a rebuild', () => {
    for (const file of [nativeBindingPath()!, join(require.resolve('@serialport/bindings-cpp/package.json'), '..', 'build', 'Release', 'bindings.node')]) {
      const bytes = readFileSync(file).toString('latin1');
      expect(bytes, file).toContain('napi_register_module_v1');
      expect(bytes, file).not.toMatch(/node_register_module_v\d+/);
    }
  });
});
