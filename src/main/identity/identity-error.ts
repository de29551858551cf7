/**
 * A problem with a CA, a certificate template or a certificate source: the
 * message says what is wrong (and names the file), `hint` how to fix it.
 */
export class IdentityError extends Error {
  override readonly name = 'IdentityError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  /** 1-based column in a template string. */
  readonly column: number | undefined;
  readonly hint: string | undefined;

  constructor(message: string, where: { file?: string; line?: number; column?: number; hint?: string } = {}) {
    super(message);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }
}

/** The message and its hint, as the command line prints them. */
export const describeIdentityError = (error: IdentityError): string => (error.hint ? `${error.message}\n  hint: ${error.hint}` : error.message);
