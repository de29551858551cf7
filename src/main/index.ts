import { app, dialog, Menu, session, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { registerIpc } from './ipc.js';
import { APP_ENTRY_URL } from './shell/app-protocol.js';
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
const appUrl = process.env['ELECTRON_RENDERER_URL'] ?? APP_ENTRY_URL;
let mainWindow: BrowserWindow | undefined;

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(() => {
  const { log } = createLogger(app.getPath('logs'));
  log('info', 'started', { version: app.getVersion(), electron: process.versions.electron, packaged: app.isPackaged });

  hardenWebContents(log);
  hardenSession(session.defaultSession, { appUrl, downloads: new DownloadGate(), log });
  serveRenderer(join(import.meta.dirname, '../renderer'));
  registerIpc((event) => isTrustedSender(senderFacts(event.senderFrame, mainWindow?.webContents.mainFrame), appUrl), log);

  const openJob = (): void => {
    void dialog.showOpenDialog({ title: 'Open job', properties: ['openDirectory'] }).then(({ canceled, filePaths }) => {
      // The bench UI takes jobs in part 2 of issue 6; until then the choice is only logged.
      if (!canceled) log('info', 'job folder chosen', { folder: filePaths[0] });
    });
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ dev, platform: process.platform }, { openJob })));
  app.setAboutPanelOptions({ applicationName: 'Factory Bench', applicationVersion: app.getVersion() });

  mainWindow = createMainWindow(appUrl, dev);
  mainWindow.webContents.on('render-process-gone', (_event, details) => log('error', 'renderer gone', { reason: details.reason }));
});

app.on('window-all-closed', () => app.quit());
