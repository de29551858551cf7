import { describe, expect, it } from 'vitest';
import { DownloadGate } from '../../src/main/shell/download-gate.js';
import { menuTemplate, type MenuItem } from '../../src/main/shell/menu-template.js';
import { mainWindowOptions } from '../../src/main/shell/window-options.js';

describe('the main window options', () => {
  it('isolate and sandbox the renderer, without Node, webviews or insecure content', () => {
    const { webPreferences } = mainWindowOptions({ preload: '/app/out/preload/index.cjs', dev: false });
    expect(webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('allow devtools only in development', () => {
    expect(mainWindowOptions({ preload: 'p', dev: false }).webPreferences.devTools).toBe(false);
    expect(mainWindowOptions({ preload: 'p', dev: true }).webPreferences.devTools).toBe(true);
  });
});

const flatten = (items: MenuItem[]): MenuItem[] => items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
const roles = (items: MenuItem[]) => flatten(items).map((item) => item.role).filter(Boolean);
const labels = (items: MenuItem[]) => items.map((item) => item.label ?? item.role);

describe('the application menu', () => {
  const actions = { openJob: () => {} };

  it('has File (Open job…, Quit) and Help (About) on the line, and no reload or devtools', () => {
    const menu = menuTemplate({ dev: false, platform: 'linux' }, actions);
    expect(labels(menu)).toEqual(['File', 'Help']);
    expect(menu[0]?.submenu?.map((item) => item.label ?? item.role ?? item.type)).toEqual(['Open job…', 'separator', 'quit']);
    expect(menu[0]?.submenu?.[0]?.click).toBe(actions.openJob);
    expect(roles(menu)).toEqual(['quit', 'about']);
  });

  it('adds View with reload and devtools only in development', () => {
    const menu = menuTemplate({ dev: true, platform: 'win32' }, actions);
    expect(labels(menu)).toEqual(['File', 'View', 'Help']);
    expect(menu[1]?.submenu?.map((item) => item.role)).toEqual(['reload', 'toggleDevTools']);
  });

  it('on macOS, keeps Quit in the application menu and has an Edit menu for copy and paste', () => {
    const menu = menuTemplate({ dev: false, platform: 'darwin' }, actions);
    expect(labels(menu)).toEqual(['appMenu', 'File', 'editMenu', 'Help']);
    expect(roles(menu)).not.toContain('reload');
    expect(roles(menu)).not.toContain('toggleDevTools');
  });
});

describe('the download gate', () => {
  it('lets through only downloads the app expects, each once', () => {
    const gate = new DownloadGate();
    expect(gate.take('https://example.com/x.bin')).toBe(false);
    gate.expect('file:///tmp/report.csv');
    gate.expect('file:///tmp/report.csv');
    expect(gate.take('file:///tmp/report.csv')).toBe(true);
    expect(gate.take('file:///tmp/report.csv')).toBe(true);
    expect(gate.take('file:///tmp/report.csv')).toBe(false);
  });
});
