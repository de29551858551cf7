import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCalls, type IpcMainLike } from '../../src/main/shell/ipc-calls.js';
import { calls, type CallOutcome } from '../../src/shared/api.js';
import { startApp, type TestApp } from './fixtures.js';

type Listener = (event: { own: boolean }, payload: unknown) => Promise<CallOutcome>;

/** ipcMain as registration sees it: a real one exists only inside Electron. */
class FakeIpcMain implements IpcMainLike<{ own: boolean }> {
  readonly channels = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.channels.has(channel)) throw new Error(`second handler for ${channel}`);
    this.channels.set(channel, listener);
  }
}

describe("registering the app service's calls", () => {
  let app: TestApp;
  let ipc: FakeIpcMain;
  const logged: string[] = [];
  beforeAll(() => {
    app = startApp();
    ipc = new FakeIpcMain();
    registerCalls(ipc, { calls, handlers: app.service.handlers, accept: (event) => event.own, log: (message) => logged.push(message) });
  });
  afterAll(() => app.close());

  it('registers exactly the calls of the contract, and the service has a handler for each', () => {
    expect([...ipc.channels.keys()]).toEqual(Object.keys(calls));
    expect(Object.keys(app.service.handlers).sort()).toEqual(Object.keys(calls).sort());
  });

  it('answers through the registered channel, and refuses a message from another frame', async () => {
    const info = await ipc.channels.get('app.info')!({ own: true }, {});
    expect(info).toEqual({
      ok: true,
      value: { name: 'factory-bench', version: '0.0.0-test', node: process.versions.node, ledger: { file: app.ledgerPath, schema: expect.any(Number), devices: 0 } },
    });
    expect(await ipc.channels.get('operator.unlock')!({ own: false }, { passphrase: 'x' })).toEqual({
      ok: false,
      error: { code: 'refused', message: "operator.unlock: refused, not from the application's window" },
    });
    expect(logged).toEqual(['ipc refused: not from the application window']);
  });
});
