/** One problem of a label template or printers file, where it is: line and column when known, and the JSON path. */
export interface LabelFileProblem {
  line?: number;
  column?: number;
  /** `elements[2].size` */
  path: string;
  message: string;
}

const where = (file: string, problem: LabelFileProblem): string => `${file}${problem.line ? `:${problem.line}:${problem.column ?? 1}` : ''}`;

/** A label template or printers file that cannot be used: every problem at once, each with the file, line and JSON path. */
export class LabelFileError extends Error {
  override readonly name = 'LabelFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly LabelFileProblem[],
    readonly hint: string,
  ) {
    const count = problems.length;
    super(
      count === 1
        ? `${where(file, problems[0]!)}: ${problems[0]!.path === '(the whole file)' ? '' : `${problems[0]!.path}: `}${problems[0]!.message}`
        : [`${file} has ${count} problems:`, ...problems.map((p) => `  ${where(file, p)}: ${p.path}: ${p.message}`)].join('\n'),
    );
  }
}
