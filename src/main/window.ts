import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { mainWindowOptions } from './shell/window-options.js';

/** The main window (its policy is in shell/window-options.ts and shell/harden.ts), showing url. */
export function createMainWindow(url: string, dev: boolean): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions({ preload: join(import.meta.dirname, '../preload/index.cjs'), dev }));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(url);
  return window;
}
