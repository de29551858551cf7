import { loadSerialScheme, SerialSchemeProblemsError, type LoadedSerialScheme } from '../identity/serial-scheme.js';
import type { JobFiles, Reference } from './job-files.js';
import type { JobSettings } from './job-schema.js';
import type { ProblemSink } from './problems.js';

/**
 * Loads the job's serial scheme; its problems are placed in job.json (a
 * template's column becomes the column in the file) or in the serial list.
 */
export async function loadJobSerialScheme(
  serial: JobSettings['serial'],
  constants: Readonly<Record<string, string>>,
  files: JobFiles,
  sink: ProblemSink,
  at: (path: PropertyKey[], charIndex?: number) => Reference,
): Promise<LoadedSerialScheme | undefined> {
  try {
    const scheme = await loadSerialScheme(serial, { baseDir: files.dir, constants, source: 'job.json: serial' });
    if (scheme.kind === 'list') await files.read(scheme.file, 'serial list', at(['serial', 'file']));
    return scheme;
  } catch (error) {
    if (!(error instanceof SerialSchemeProblemsError)) throw error;
    for (const p of error.problems) {
      const hint = p.hint ?? 'see docs/ledger.md, "Serial schemes"';
      if (p.file !== undefined) {
        const where = p.line ? { file: files.display(p.file), line: p.line, ...(p.column !== undefined && { column: p.column }) } : at(['serial', 'file']);
        sink.add({ ...where, message: p.line ? p.message : `serial list ${files.display(p.file)}: ${p.message}`, hint });
      } else {
        const path = ['serial', ...(p.field ?? '').split('.').filter(Boolean)];
        const inTemplate = p.field === 'template' && p.column !== undefined;
        sink.add({ ...at(path, inTemplate ? p.column! - 1 : undefined), message: `serial.${p.field ?? ''}: ${p.message}`, hint });
      }
    }
    return undefined;
  }
}
