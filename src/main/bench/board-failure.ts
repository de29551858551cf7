import { EspError } from '../esp/index.js';
import { LedgerError } from '../ledger/index.js';
import type { BoardFacts, Step } from './events.js';
import { withoutPem } from './redact.js';

/** Why one board did not make it, at which step, in words an operator can act on. */
export class BoardFailure extends Error {
  override readonly name = 'BoardFailure';
  constructor(
    readonly step: Step,
    readonly code: string,
    message: string,
    readonly hint: string,
    readonly facts: BoardFacts,
    /** False when trying again cannot help (a wrong chip, an empty pool). */
    readonly retryable: boolean,
  ) {
    super(withoutPem(message));
  }

  /** The operator stopped the bench: the board keeps its pending identity and gets it back on its next run. */
  static stopped(step: Step, during: boolean, facts: BoardFacts): BoardFailure {
    const message = `stopped by the operator ${during ? 'during' : 'before'} ${step}`;
    const hint = facts.serial ? `run the bench again with this board: it gets ${facts.serial} back` : 'run the bench again with this board';
    return new BoardFailure(step, 'stopped', message, hint, { ...facts }, false);
  }

  static from(error: unknown, step: Step, facts: BoardFacts): BoardFailure {
    if (error instanceof BoardFailure) return error;
    if (error instanceof EspError) {
      const final = error.code === 'wrong-chip' || error.code === 'unsupported';
      return new BoardFailure(step, error.code, error.message, error.hint, facts, !final);
    }
    if (error instanceof LedgerError) {
      return new BoardFailure(step, error.code, error.message, error.hint, facts, error.code === 'busy');
    }
    const message = error instanceof Error ? error.message : String(error);
    return new BoardFailure(step, 'internal', message, 'this is a bug in Factory Bench: keep the log and report it', facts, false);
  }
}
