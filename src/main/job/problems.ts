/**
 * One thing wrong with a job folder: the file it is in (relative to the job
 * folder), the 1-based line and column where that helps, what is wrong and
 * how to fix it.
 */
export interface JobProblem {
  file: string;
  line?: number;
  column?: number;
  message: string;
  hint: string;
}

export const formatJobProblem = (p: JobProblem): string => `${p.file}${p.line ? `:${p.line}${p.column ? `:${p.column}` : ''}` : ''}: ${p.message}`;

/** Every problem of a job folder, found at once: the job is refused before any board is touched. */
export class JobProblemsError extends Error {
  override readonly name = 'JobProblemsError';
  constructor(
    readonly dir: string,
    readonly problems: readonly JobProblem[],
  ) {
    const count = problems.length;
    const lines = problems.map((p) => `  ${formatJobProblem(p)}\n    hint: ${p.hint}`);
    super([`the job in ${dir} has ${count} problem${count === 1 ? '' : 's'}:`, ...lines].join('\n'));
  }
}

/** Collects problems as the loader finds them. */
export class ProblemSink {
  readonly list: JobProblem[] = [];
  add(problem: JobProblem): void {
    const same = (p: JobProblem): boolean => p.file === problem.file && p.line === problem.line && p.column === problem.column && p.message === problem.message;
    if (!this.list.some(same)) this.list.push(problem);
  }
  addAll(problems: Iterable<JobProblem>): void {
    for (const p of problems) this.add(p);
  }
  get count(): number {
    return this.list.length;
  }
}
