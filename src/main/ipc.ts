import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { calls, EVENTS_CHANNEL } from '../shared/api.js';
import { createAppService, type AppService } from './app/app-service.js';
import { registerCalls } from './shell/ipc-calls.js';
import type { Log } from './shell/logger.js';
import { electronPrintBackend } from './system-print.js';

/** The ledger the app records into: FACTORY_BENCH_LEDGER, else ledger.sqlite in the app's data folder (where the CLI looks too). */
const appLedgerPath = (): string => process.env.FACTORY_BENCH_LEDGER ?? join(app.getPath('userData'), 'ledger.sqlite');

/**
 * The engine behind the window (src/main/app), with Electron's dialogs and the
 * window's web contents as the way events go out. Every call of the contract is
 * registered; sender and payload are checked before a handler runs (shell/ipc-calls.ts).
 */
export function registerIpc(accept: (event: IpcMainInvokeEvent) => boolean, log: Log, window: () => BrowserWindow | undefined): AppService {
  const service = createAppService({
    ledgerPath: appLedgerPath(),
    stateDir: app.getPath('userData'),
    about: { name: app.getName(), version: app.getVersion() },
    send: (events) => {
      const target = window();
      if (target && !target.isDestroyed()) target.webContents.send(EVENTS_CHANNEL, events);
    },
    chooseJobFolder: async () => {
      const target = window();
      const options = { title: 'Open job folder', properties: ['openDirectory' as const] };
      const { canceled, filePaths } = await (target ? dialog.showOpenDialog(target, options) : dialog.showOpenDialog(options));
      return canceled ? undefined : filePaths[0];
    },
    chooseExportFile: async (suggested) => {
      const target = window();
      const options = { title: 'Export devices', defaultPath: join(app.getPath('documents'), suggested) };
      const { canceled, filePath } = await (target ? dialog.showSaveDialog(target, options) : dialog.showSaveDialog(options));
      return canceled || !filePath ? undefined : filePath;
    },
    systemPrint: electronPrintBackend,
    env: process.env,
  });
  registerCalls(ipcMain, { calls, handlers: service.handlers, accept, log: (message, fields) => log('error', message, fields) });
  return service;
}
