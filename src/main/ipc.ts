import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { calls } from '../shared/api.js';
import { ledgerSummary } from './ledger-summary.js';
import { registerCalls, type Handlers } from './shell/ipc-calls.js';
import type { Log } from './shell/logger.js';

/** The ledger the app records into: FACTORY_BENCH_LEDGER, else ledger.sqlite in the app's data folder (where the CLI looks too). */
const appLedgerPath = (): string => process.env.FACTORY_BENCH_LEDGER ?? join(app.getPath('userData'), 'ledger.sqlite');

const handlers: Handlers<typeof calls> = {
  'app.info': () => ({ name: app.getName(), version: app.getVersion(), node: process.versions.node, ledger: ledgerSummary(appLedgerPath()) }),
};

/** Registers every call of the contract; sender and payload are checked before a handler runs (shell/ipc-calls.ts). */
export function registerIpc(accept: (event: IpcMainInvokeEvent) => boolean, log: Log): void {
  registerCalls(ipcMain, { calls, handlers, accept, log: (message, fields) => log('error', message, fields) });
}
