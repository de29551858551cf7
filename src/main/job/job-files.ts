import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { JobProblem, ProblemSink } from './problems.js';

/** Where a path was given: the problem about its file is reported there. */
export type Reference = Omit<JobProblem, 'message' | 'hint'>;

const why = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${code ?? String(error)})`;
};

/**
 * The files of a job folder, each read once. Everything read is kept by its
 * path relative to the folder, for the job's definition hash.
 */
export class JobFiles {
  /** Relative path (with /) → contents. */
  readonly contents = new Map<string, Uint8Array>();

  constructor(
    readonly dir: string,
    private readonly sink: ProblemSink,
  ) {}

  /** A path of the job as it is shown: relative to the job folder, with /. */
  display(path: string, base = this.dir): string {
    const full = resolve(base, path);
    const rel = relative(this.dir, full);
    return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? full : rel.split(sep).join('/');
  }

  /**
   * Reads `path` (relative to `base`, the job folder unless given). A file that
   * cannot be read is a problem reported where its path was given.
   */
  async read(path: string, what: string, from: Reference, base = this.dir): Promise<Uint8Array | undefined> {
    const full = resolve(base, path);
    const shown = this.display(path, base);
    const known = this.contents.get(shown);
    if (known) return known;
    try {
      const data = new Uint8Array(await readFile(full));
      this.contents.set(shown, data);
      return data;
    } catch (error) {
      const relativeTo = base === this.dir ? 'the job folder' : this.display(base);
      this.sink.add({ ...from, message: `${what} ${shown} ${why(error)}${full !== shown ? ` (looked for ${full})` : ''}`, hint: `paths in ${from.file} are relative to ${relativeTo}` });
      return undefined;
    }
  }

  async readText(path: string, what: string, from: Reference, base = this.dir): Promise<string | undefined> {
    const data = await this.read(path, what, from, base);
    return data && new TextDecoder().decode(data);
  }

  /** The folder a job-relative path is in, for paths inside that file. */
  folderOf(path: string): string {
    return dirname(resolve(this.dir, path));
  }
}
