import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { calls, type CallName } from '../shared/api.js';
import { ledgerSummary } from './ledger-summary.js';

/** The ledger the app records into: FACTORY_BENCH_LEDGER, else ledger.sqlite in the app's data folder (where the CLI looks too). */
const appLedgerPath = (): string => process.env.FACTORY_BENCH_LEDGER ?? join(app.getPath('userData'), 'ledger.sqlite');

type Handler = (request: unknown) => Promise<unknown> | unknown;

const handlers: { [C in CallName]: Handler } = {
  'app.info': () => ({ name: app.getName(), version: app.getVersion(), node: process.versions.node, ledger: ledgerSummary(appLedgerPath()) }),
};

/** Registers every call of the contract; payloads are checked before a handler sees them. */
export function registerIpc(isOwnFrame: (event: IpcMainInvokeEvent) => boolean): void {
  for (const name of Object.keys(calls) as CallName[]) {
    ipcMain.handle(name, async (event, payload: unknown) => {
      if (!isOwnFrame(event)) throw new Error(`refused ${name}: not from the application's window`);
      const request = calls[name].request.parse(payload);
      return calls[name].response.parse(await handlers[name](request));
    });
  }
}
