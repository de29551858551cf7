/** Where in an input a problem is: file, 1-based line and column. */
export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export function formatLocation(at: SourceLocation): string {
  return `${at.file}:${at.line}:${at.column}`;
}

/**
 * Bad input for the NVS engine: says what is wrong, where, and how to fix it.
 * Every validation failure of a CSV row, a value, a size or an image is one of these.
 */
export class NvsInputError extends Error {
  override readonly name = 'NvsInputError';
  constructor(
    readonly problem: string,
    readonly at?: SourceLocation,
    readonly hint?: string,
  ) {
    super(`${at ? `${formatLocation(at)}: ` : ''}${problem}${hint ? `\n  hint: ${hint}` : ''}`);
  }
}
