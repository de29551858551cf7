import { app, type BrowserWindow } from 'electron';
import { registerIpc } from './ipc.js';
import { createMainWindow } from './window.js';

if (!app.requestSingleInstanceLock()) app.quit();

let mainWindow: BrowserWindow | undefined;

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

void app.whenReady().then(() => {
  registerIpc((event) => event.senderFrame === mainWindow?.webContents.mainFrame);
  mainWindow = createMainWindow();
});

app.on('window-all-closed', () => app.quit());
