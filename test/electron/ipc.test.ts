import { describe, expect, it } from 'vitest';
import { calls, type CallOutcome } from '../../src/shared/api.js';
import { dispatch, registerCalls, type Handlers, type IpcMainLike } from '../../src/main/shell/ipc-calls.js';
import { isTrustedSender, senderFacts, type FrameLike } from '../../src/main/shell/ipc-sender.js';

const appUrl = 'app://bench/index.html';
const mainFrame: FrameLike = { url: 'app://bench/index.html' };

describe('the IPC sender check', () => {
  it("accepts our window's main frame showing our page", () => {
    expect(isTrustedSender(senderFacts(mainFrame, mainFrame), appUrl)).toBe(true);
  });

  it('refuses another frame, even one showing our page', () => {
    expect(isTrustedSender(senderFacts({ url: 'app://bench/index.html' }, mainFrame), appUrl)).toBe(false);
  });

  it('refuses our main frame once it shows another URL', () => {
    const navigated: FrameLike = { url: 'https://evil.example/' };
    expect(isTrustedSender(senderFacts(navigated, navigated), appUrl)).toBe(false);
    expect(isTrustedSender({ url: 'app://other/index.html', isMainFrame: true }, appUrl)).toBe(false);
  });

  it('refuses a destroyed frame: null, or one that throws when read', () => {
    expect(isTrustedSender(senderFacts(null, mainFrame), appUrl)).toBe(false);
    expect(isTrustedSender(senderFacts(mainFrame, undefined), appUrl)).toBe(false);
    const disposed = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(senderFacts(disposed, disposed)).toEqual({ url: undefined, isMainFrame: false });
  });
});

// A real ipcMain exists only inside Electron, which cannot run here: this fake records the handlers
// that registration installs, and invokes them as Electron would.
class FakeIpcMain<E> implements IpcMainLike<E> {
  readonly handlers = new Map<string, (event: E, payload: unknown) => Promise<CallOutcome>>();
  handle(channel: string, listener: (event: E, payload: unknown) => Promise<CallOutcome>): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  invoke(channel: string, event: E, payload: unknown): Promise<CallOutcome> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, payload);
  }
}

type FakeEvent = { own: boolean };
const appInfo = { name: 'factory-bench', version: '0.1.0', node: '24', ledger: { file: '/tmp/l.sqlite', schema: 3, devices: 0 } };

// Two calls of the contract are enough to try the registration with; the app's own handlers are tried in test/app.
const someCalls = { 'app.info': calls['app.info'], 'ledger.find': calls['ledger.find'] };

function setup(handler: Handlers<typeof someCalls>['app.info'] = () => appInfo) {
  const ipc = new FakeIpcMain<FakeEvent>();
  const runs: unknown[] = [];
  const logged: { message: string; fields: Record<string, unknown> }[] = [];
  const handlers: Handlers<typeof someCalls> = {
    'app.info': (request) => {
      runs.push(request);
      return handler(request);
    },
    'ledger.find': () => null,
  };
  registerCalls(ipc, { calls: someCalls, handlers, accept: (event) => event.own, log: (message, fields) => logged.push({ message, fields }) });
  return { ipc, runs, logged };
}

describe('IPC registration', () => {
  it('registers every call of the contract and nothing else', () => {
    expect([...setup().ipc.handlers.keys()]).toEqual(Object.keys(someCalls));
  });

  it('answers a good call from our frame with the checked response', async () => {
    const { ipc, runs } = setup();
    expect(await ipc.invoke('app.info', { own: true }, {})).toEqual({ ok: true, value: appInfo });
    expect(runs).toEqual([{}]);
  });

  it('refuses a bad payload before the handler runs', async () => {
    const { ipc, runs } = setup();
    for (const payload of [{ extra: 1 }, null, 'app.info', [], undefined]) {
      const outcome = await ipc.invoke('app.info', { own: true }, payload);
      expect(outcome.ok).toBe(false);
      expect(!outcome.ok && outcome.error.code).toBe('bad-request');
    }
    expect(runs).toEqual([]);
  });

  it('refuses a message from another frame before the handler runs', async () => {
    const { ipc, runs, logged } = setup();
    expect(await ipc.invoke('app.info', { own: false }, {})).toEqual({ ok: false, error: { code: 'refused', message: "app.info: refused, not from the application's window" } });
    expect(runs).toEqual([]);
    expect(logged[0]?.message).toMatch(/refused/);
  });

  it('refuses channels that are not calls, including names every object has', async () => {
    const { ipc } = setup();
    await expect(ipc.invoke('ledger.void', { own: true }, {})).rejects.toThrow(/No handler/);
    const options = { calls: someCalls, handlers: { 'app.info': () => appInfo, 'ledger.find': () => null }, accept: () => true, log: () => {} };
    for (const name of ['ledger.void', 'constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(await dispatch(options, name, {}, {})).toEqual({ ok: false, error: { code: 'unknown-call', message: `${name}: no such call` } });
    }
  });

  it('returns a failing handler as a plain { code, message }: no stack, no Error object; the log keeps the error', async () => {
    const { ipc, logged } = setup(() => {
      throw new Error('the ledger is locked');
    });
    const outcome = await ipc.invoke('app.info', { own: true }, {});
    expect(outcome).toEqual({ ok: false, error: { code: 'failed', message: 'the ledger is locked' } });
    expect(Object.keys(outcome.ok ? {} : outcome.error)).toEqual(['code', 'message']);
    expect(JSON.stringify(outcome)).not.toMatch(/\bat .*\.ts:\d+/);
    expect(logged[0]?.fields['error']).toBeInstanceOf(Error);
  });

  it("gives the operator an engine error's hint with its message", async () => {
    const { ipc } = setup(() => {
      throw Object.assign(new Error('no printer "line-9" in printers.json'), { hint: 'the printers are: line-1' });
    });
    expect(await ipc.invoke('app.info', { own: true }, {})).toEqual({ ok: false, error: { code: 'failed', message: 'no printer "line-9" in printers.json\nhint: the printers are: line-1' } });
  });

  it('does not pass on an answer that breaks the contract', async () => {
    const { ipc } = setup(() => ({ ...appInfo, version: 7 }) as unknown as typeof appInfo);
    expect(await ipc.invoke('app.info', { own: true }, {})).toEqual({ ok: false, error: { code: 'bad-response', message: 'app.info: the answer did not match the contract' } });
  });
});
