import type { z } from 'zod';
import type { CallError, CallOutcome } from '../../shared/api.js';

type Schema = z.ZodType;
export type CallTable = Record<string, { request: Schema; response: Schema }>;
export type Handlers<T extends CallTable> = { [C in keyof T]: (request: z.infer<T[C]['request']>) => z.infer<T[C]['response']> | Promise<z.infer<T[C]['response']>> };

/** ipcMain as far as registration needs it (a fake in tests: a real one exists only inside Electron). */
export interface IpcMainLike<E> {
  handle(channel: string, listener: (event: E, payload: unknown) => Promise<CallOutcome>): void;
}

export interface CallOptions<T extends CallTable, E> {
  calls: T;
  handlers: Handlers<T>;
  /** Whether the message comes from our window's main frame. */
  accept: (event: E) => boolean;
  /** Where a failed call's whole story goes (stack included); the renderer gets only code and message. */
  log: (message: string, fields: Record<string, unknown>) => void;
}

/** A failure a handler reports with its own code (such as 'locked'); anything else thrown is 'failed'. */
export class CallRefusal extends Error {
  override readonly name = 'CallRefusal';
  constructor(
    readonly code: CallError['code'],
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: CallError['code'], message: string): CallOutcome => ({ ok: false, error: { code, message } });

/** Runs one call: sender, then channel, then payload are checked before the handler runs; errors come back as data. */
export async function dispatch<T extends CallTable, E>(options: CallOptions<T, E>, name: string, event: E, payload: unknown): Promise<CallOutcome> {
  const { calls, handlers, accept, log } = options;
  if (!accept(event)) {
    log('ipc refused: not from the application window', { call: name });
    return fail('refused', `${name}: refused, not from the application's window`);
  }
  // Object.hasOwn: names such as "constructor" or "__proto__" are not calls.
  if (!Object.hasOwn(calls, name) || !Object.hasOwn(handlers, name)) return fail('unknown-call', `${name}: no such call`);
  const call = calls[name]!;
  const request = call.request.safeParse(payload);
  if (!request.success) return fail('bad-request', `${name}: ${describe(request.error)}`);
  let value: unknown;
  try {
    value = await (handlers[name] as (request: unknown) => unknown)(request.data);
  } catch (error) {
    if (error instanceof CallRefusal) return fail(error.code, error.message);
    log('ipc call failed', { call: name, error });
    return fail('failed', failureText(error));
  }
  const response = call.response.safeParse(value);
  if (!response.success) {
    log('ipc response does not match the contract', { call: name, problems: describe(response.error) });
    return fail('bad-response', `${name}: the answer did not match the contract`);
  }
  return { ok: true, value: response.data };
}

/** Registers every call of the contract, and nothing else, on ipcMain. */
export function registerCalls<T extends CallTable, E>(ipc: IpcMainLike<E>, options: CallOptions<T, E>): void {
  for (const name of Object.keys(options.calls)) {
    ipc.handle(name, (event, payload) => dispatch(options, name, event, payload));
  }
}

function describe(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : '(request)'}: ${issue.message}`).join('; ');
}

/** What the operator reads of a failure: its message, and its hint when it has one (the engine's errors say how to fix things). */
function failureText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' && hint ? `${error.message}\nhint: ${hint}` : error.message;
}
