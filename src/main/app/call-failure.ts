import { CallRefusal } from '../shell/ipc-calls.js';

/**
 * An engine error as the operator reads it: its message, and its hint when it
 * has one (ledger, label, printer and identity errors say how to fix things).
 */
export function withHint(error: unknown): unknown {
  if (error instanceof CallRefusal || !(error instanceof Error)) return error;
  const hint = (error as { hint?: unknown }).hint;
  return typeof hint === 'string' && hint ? new Error(`${error.message}\nhint: ${hint}`) : error;
}

/** Runs a call's work so that its failure carries the hint. */
export async function explained<T>(work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw withHint(error);
  }
}
