import { Ledger, LedgerError, type JobHandle, type LedgerOptions } from '../../src/main/ledger/index.js';
import { macOf, plainCounter } from './counter.js';
import { scratchFolders } from '../helpers/scratch.js';

export { macOf, plainCounter };


/** A fresh folder for ledger files, removed after the test. */
export const scratch = scratchFolders('ledger');

export function openLedger(file: string, options: LedgerOptions = {}): Ledger {
  return Ledger.open(file, { create: true, actor: 'tester@bench', ...options });
}

export function counterJob(ledger: Ledger, name = 'widget', options: { prefix?: string; width?: number; certMode?: 'none' | 'issue' | 'pool'; certPool?: string } = {}): JobHandle {
  const certMode = options.certMode ?? 'none';
  return ledger.registerJob(
    { name, serialScheme: { kind: 'counter', template: `${options.prefix ?? 'SN-'}{counter:0${options.width ?? 6}}` }, certMode, certPool: options.certPool, definitionSha256: 'a'.repeat(64) },
    { kind: 'counter', template: plainCounter(options.prefix, options.width), start: 1 },
  );
}

/** The LedgerError an action throws; fails the test when it throws nothing or something else. */
export function refusal(action: () => unknown): LedgerError {
  try {
    action();
  } catch (error) {
    if (error instanceof LedgerError) return error;
    throw error;
  }
  throw new Error('expected a LedgerError');
}
