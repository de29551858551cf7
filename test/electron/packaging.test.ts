import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/vectors.js';

// The electron-builder configuration as written: building an installer needs the Electron binary, so this reads it.
const build = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).build;

describe('the electron-builder configuration (package.json "build")', () => {
  it('is valid for the electron-builder we use, by its own schema', async () => {
    // app-builder-lib comes with electron-builder, and holds its schema check.
    const fromBuilder = createRequire(createRequire(join(repoRoot, 'package.json')).resolve('electron-builder'));
    const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js') as { validateConfiguration(config: unknown, logger: unknown): Promise<void> };
    const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(build, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...build, electronFusez: {} }, new DebugLogger(false))).rejects.toThrow(/electronFusez/);
  });

  it('names the app and builds AppImage and deb, NSIS, dmg', () => {
    expect(build.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(build.productName).toBe('Factory Bench');
    expect(build.linux.target).toEqual(['AppImage', 'deb']);
    expect(build.win.target).toEqual(['nsis']);
    expect(build.mac.target).toEqual(['dmg']);
  });

  it('packs the built app, unpacks native addons, and rebuilds nothing (they are Node-API, built by setup)', () => {
    expect(build.files).toEqual(['out/**']);
    expect(build.asarUnpack).toEqual(['**/*.node']);
    expect(build.npmRebuild).toBe(false);
    expect(build.nodeGypRebuild).toBe(false);
    expect(build.extraResources).toEqual([
      { from: 'resources/labels', to: 'labels' },
      { from: 'resources/examples', to: 'examples' },
    ]);
  });

  it('flips the Electron fuses', () => {
    expect(build.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
