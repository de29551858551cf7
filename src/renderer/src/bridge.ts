import { useEffect, useRef } from 'react';
import type { AppEvent, CallError, CallName, CallRequest, CallResponse } from '../../shared/api';

/** A call main refused or failed: its code and its message in plain words (no stack ever crosses). */
export class BridgeError extends Error {
  constructor(
    readonly code: CallError['code'] | 'no-engine',
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}

const isCallError = (value: unknown): value is CallError =>
  typeof value === 'object' && value !== null && typeof (value as CallError).code === 'string' && typeof (value as CallError).message === 'string';

/** Turns whatever a call rejected with into a BridgeError. */
export function toBridgeError(failure: unknown): BridgeError {
  if (failure instanceof BridgeError) return failure;
  if (isCallError(failure)) return new BridgeError(failure.code, failure.message);
  if (failure instanceof Error) return new BridgeError('failed', failure.message);
  return new BridgeError('failed', String(failure));
}

/** The message to show for a failed call, in plain words. */
export const errorText = (failure: unknown): string => toBridgeError(failure).message;

/** window.bench.call, rejecting with a BridgeError (an Error with the CallError's code and message). */
export async function call<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>> {
  if (typeof window.bench?.call !== 'function') throw new BridgeError('no-engine', 'the engine is not connected (window.bench is missing)');
  try {
    return await window.bench.call(name, request);
  } catch (failure) {
    throw toBridgeError(failure);
  }
}

/** Subscribes to main's event batches for the component's lifetime; the latest listener is called, without resubscribing. */
export function useEvents(listener: (events: AppEvent[]) => void): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => {
    if (typeof window.bench?.subscribe !== 'function') return undefined;
    return window.bench.subscribe((events) => latest.current(events));
  }, []);
}
