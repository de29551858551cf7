import { app, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { calls, type CallName } from '../shared/api.js';

type Handler = (request: unknown) => Promise<unknown> | unknown;

const handlers: { [C in CallName]: Handler } = {
  'app.info': () => ({ name: app.getName(), version: app.getVersion(), node: process.versions.node }),
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
