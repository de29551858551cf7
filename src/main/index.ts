import { app, Menu, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { registerIpc } from './ipc.js';
import { rendererEntry } from './shell/renderer-entry.js';
import { DownloadGate } from './shell/download-gate.js';
import { hardenSession, hardenWebContents } from './shell/harden.js';
import { isTrustedSender, senderFacts } from './shell/ipc-sender.js';
import { createLogger } from './shell/logger.js';
import { menuTemplate } from './shell/menu-template.js';
import { registerAppScheme, serveRenderer } from './shell/serve-renderer.js';
import { createMainWindow } from './window.js';

if (!app.requestSingleInstanceLock()) app.quit();
registerAppScheme();

const dev = !app.isPackaged;
// The dev server (electron-vite dev) in development, else the built renderer on app://bench/.
const { url: appUrl, policy } = rendererEntry({ packaged: app.isPackaged, devServer: process.env['ELECTRON_RENDERER_URL'] });
let mainWindow: BrowserWindow | undefined;
let closed = false;

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(() => {
  const { log } = createLogger(app.getPath('logs'));
  log('info', 'started', { version: app.getVersion(), electron: process.versions.electron, packaged: app.isPackaged });

  hardenWebContents(log);
  hardenSession(session.defaultSession, { appUrl, policy, downloads: new DownloadGate(), log });
  serveRenderer(join(import.meta.dirname, '../renderer'));
  const service = registerIpc((event) => isTrustedSender(senderFacts(event.senderFrame, mainWindow?.webContents.mainFrame), appUrl), log, () => mainWindow);
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    // A running bench stops at its boards' next step and the ledger is closed before the app goes.
    void service.close().finally(() => {
      closed = true;
      app.quit();
    });
  });

  // The menu's Open job… is the Job view's button: the job comes to the window as an event.
  const openJob = (): void => {
    void Promise.resolve(service.handlers['job.choose']({})).catch((error: unknown) => log('warn', 'open job refused', { error: String(error) }));
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ dev, platform: process.platform }, { openJob })));
  app.setAboutPanelOptions({ applicationName: 'Factory Bench', applicationVersion: app.getVersion() });

  mainWindow = createMainWindow(appUrl, dev);
  mainWindow.webContents.on('render-process-gone', (_event, details) => log('error', 'renderer gone', { reason: details.reason }));
});

app.on('window-all-closed', () => app.quit());
