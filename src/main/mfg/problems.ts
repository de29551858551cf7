import { CliError } from '../cli/errors.js';
import { formatLocation, type NvsInputError, type SourceLocation } from '../../shared/nvs/errors.js';

/** A problem as it travels between threads: what is wrong, where, and how to fix it. */
export interface Problem {
  problem: string;
  at?: SourceLocation;
  hint?: string;
}

export const toProblem = (error: NvsInputError): Problem => ({ problem: error.problem, at: error.at, hint: error.hint });

const describe = (p: Problem): string => (p.at ? `${formatLocation(p.at)}: ${p.problem}` : p.problem);

/**
 * The problems of one run, so that all of them are reported at once rather
 * than one per attempt. Keeps the first `limit` in file order and counts the
 * rest, so memory stays bounded however many rows are bad; a message repeated
 * for every device (a config line at fault) is shown once.
 */
export class ProblemList {
  private kept: Problem[] = [];
  private more = 0;

  /** files: the inputs in the order their problems are listed. */
  constructor(
    private readonly files: readonly string[],
    private readonly limit = 10,
  ) {}

  get count(): number {
    return this.kept.length + this.more;
  }

  add(problem: Problem): void {
    if (this.kept.some((p) => describe(p) === describe(problem))) return;
    this.kept.push(problem);
    this.kept.sort((a, b) => this.compare(a, b));
    if (this.kept.length > this.limit) {
      this.kept.pop();
      this.more++;
    }
  }

  private compare(a: Problem, b: Problem): number {
    const rank = (p: Problem): number => {
      const index = p.at ? this.files.indexOf(p.at.file) : -1;
      return index < 0 ? this.files.length : index;
    };
    return rank(a) - rank(b) || (a.at?.line ?? 0) - (b.at?.line ?? 0) || (a.at?.column ?? 0) - (b.at?.column ?? 0);
  }

  /** The error to exit with: every kept problem, how many more, each hint once, and what was (not) written. */
  toError(outcome: string): CliError {
    const lines = this.kept.map(describe);
    if (this.more > 0) lines.push(`… and ${this.more} more problem${this.more === 1 ? '' : 's'}`);
    const hints = [...new Set(this.kept.flatMap((p) => (p.hint ? [`  hint: ${p.hint}`] : [])))];
    const head = this.count === 1 ? lines[0]! : `${this.count} problems:\n${lines.join('\n')}`;
    return new CliError([head, ...hints, outcome].join('\n'));
  }
}
