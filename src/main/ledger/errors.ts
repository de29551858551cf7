/** Why a ledger could not be opened or an operation was refused. */
export type LedgerErrorCode =
  | 'not-found'
  | 'not-a-ledger'
  | 'damaged'
  | 'newer-schema'
  | 'busy'
  | 'unknown-job'
  | 'unknown-device'
  | 'serials-exhausted'
  | 'pool-empty'
  | 'conflict'
  | 'invalid-state'
  | 'invalid-input';

/** A refusal with what went wrong, which ledger file, and how to fix it. */
export class LedgerError extends Error {
  override readonly name = 'LedgerError';
  constructor(
    readonly code: LedgerErrorCode,
    message: string,
    readonly hint: string,
    readonly file?: string,
  ) {
    super(message);
  }
}
