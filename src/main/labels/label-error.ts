export type LabelErrorCode = 'unknown-device' | 'voided' | 'reason-required' | 'printer-unavailable' | 'layout';

/** A label that cannot be made or printed, with what to do about it. */
export class LabelError extends Error {
  override readonly name = 'LabelError';
  constructor(
    readonly code: LabelErrorCode,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
