/**
 * A bad serial template, or a counter that no longer fits it: what is wrong,
 * the 1-based column in the template it is about, and how to fix it.
 */
export class SerialSchemeError extends Error {
  override readonly name = 'SerialSchemeError';
  constructor(
    message: string,
    readonly column: number,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** One problem of a serial scheme: in the scheme's own fields (`field`) or in a serial list (`file`, `line`). */
export interface SerialSchemeProblem {
  message: string;
  hint?: string;
  /** The scheme's field, as a path into its JSON: "template", "start". */
  field?: string;
  file?: string;
  /** 1-based; 0 is the file as a whole. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/** How many problems the message lists; `problems` holds all of them. */
const SHOWN = 20;

/** Every problem a serial scheme has, found at once and thrown together. */
export class SerialSchemeProblemsError extends Error {
  override readonly name = 'SerialSchemeProblemsError';
  constructor(
    readonly problems: readonly SerialSchemeProblem[],
    source = 'the serial scheme',
  ) {
    super(formatProblems(problems, source));
  }
}

export function formatProblem(problem: SerialSchemeProblem): string {
  let where = '';
  if (problem.file !== undefined) {
    where = problem.file;
    if (problem.line) where += `:${problem.line}${problem.column ? `:${problem.column}` : ''}`;
  } else if (problem.field !== undefined) {
    // A field's messages name their column themselves (SerialSchemeError's do).
    where = problem.field;
  }
  return where ? `${where}: ${problem.message}` : problem.message;
}

function formatProblems(problems: readonly SerialSchemeProblem[], source: string): string {
  const count = problems.length;
  const lines = problems.slice(0, SHOWN).map((p) => `  ${formatProblem(p)}${p.hint ? `\n    hint: ${p.hint}` : ''}`);
  if (count > SHOWN) lines.push(`  … and ${count - SHOWN} more`);
  return [`${source} has ${count} problem${count === 1 ? '' : 's'}:`, ...lines].join('\n');
}
