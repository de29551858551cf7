import type { NvsKeys } from '../../shared/nvs/encryption.js';
import { NvsInputError } from '../../shared/nvs/errors.js';
import { readKeyPartition } from '../../shared/nvs/keys.js';
import type { Partition } from '../../shared/partitions.js';
import { buildFctryImage, smallestFit, worstCaseValues, type FctryImageOptions } from './fctry-image.js';
import { hex } from './flash-numbers.js';
import type { JobFiles, Reference } from './job-files.js';
import type { JobSettings } from './job-schema.js';
import { compileNvsTemplate, type NvsTemplate } from './nvs-template.js';
import type { JobProblem, ProblemSink } from './problems.js';

export interface LoadedNvs {
  template: NvsTemplate;
  options: Omit<FctryImageOptions, 'size'>;
}

export interface NvsContext {
  files: JobFiles;
  sink: ProblemSink;
  at(path: PropertyKey[]): Reference;
  constants: Readonly<Record<string, string>>;
  certMode?: JobSettings['certificates']['mode'];
  caPem?: string;
  notice(message: string): void;
}

const fromNvsError = (error: NvsInputError, file: string): JobProblem => ({
  file: error.at?.file ?? file,
  ...(error.at && { line: error.at.line, column: error.at.column }),
  message: error.problem,
  hint: error.hint ?? 'the template is an nvs_partition_gen CSV: key,type,encoding,value',
});

/** Placeholders for certificates need a job that has them. */
function checkCertificatePlaceholders(template: NvsTemplate, ctx: NvsContext): void {
  if (ctx.certMode !== 'none') return;
  template.rows.forEach((row, i) => {
    for (const part of template.parts[i] ?? []) {
      if (typeof part === 'string' || !['cert_pem', 'key_pem', 'ca_pem'].includes(part.placeholder)) continue;
      ctx.sink.add({ file: template.file, line: row.valueAt.line, column: row.valueAt.column, message: `'${row.key}' uses {{${part.placeholder}}}, but the job's certificates mode is "none"`, hint: 'set "certificates" to issue or pool, or remove the row' });
    }
  });
}

/**
 * Reads and checks the fctry template and everything it needs: its static
 * files, the encryption keys, and that it fits the fctry partition with the
 * largest values a board may bring.
 */
export async function loadFctryNvs(settings: JobSettings['nvs'], fctry: Partition | undefined, ctx: NvsContext): Promise<LoadedNvs | undefined> {
  const { files } = ctx;
  const text = await files.readText(settings.template, 'fctry template', ctx.at(['nvs', 'template']));
  let keys: NvsKeys | undefined;
  if (settings.encryption) {
    const keyAt = ctx.at(['nvs', 'encryption', 'keyFile']);
    const data = await files.read(settings.encryption.keyFile, 'NVS key file', keyAt);
    if (data) {
      try {
        keys = readKeyPartition(data, files.display(settings.encryption.keyFile));
      } catch (error) {
        if (!(error instanceof NvsInputError)) throw error;
        ctx.sink.add({ ...keyAt, message: error.problem, hint: error.hint ?? 'give a key file written by factory-bench nvs generate-key' });
      }
    }
  }
  if (text === undefined) return undefined;
  const file = files.display(settings.template);
  const compiled = compileNvsTemplate(text, file, ctx.constants);
  ctx.sink.addAll(compiled.problems);
  const template = compiled.template;
  if (!template) return undefined;
  checkCertificatePlaceholders(template, ctx);

  const staticFiles = new Map<string, Uint8Array>();
  for (const ref of template.files) {
    const data = await files.read(ref.path, 'file', { file, line: ref.at.line, column: ref.at.column });
    if (data) staticFiles.set(ref.path, data);
  }
  // The size check needs a template without problems of its own.
  if (compiled.problems.length > 0 || staticFiles.size < template.files.length) return undefined;

  const warnings = new Set<string>();
  const options = { version: settings.version, keys, staticFiles };
  const warn = (message: string, at: { line: number }): void => void warnings.add(`${file}:${at.line}: ${message}`);
  const worst = worstCaseValues(ctx.constants, ctx.caPem);
  const size = fctry?.size;
  try {
    // Without a fctry partition only the rows are checked, in a partition large enough for anything.
    buildFctryImage(template, worst, { ...options, size: size ?? 0x100000, warn });
  } catch (error) {
    if (!(error instanceof NvsInputError)) throw error;
    const fits = size === undefined ? undefined : smallestFit(template, worst, { ...options, size });
    if (fits === undefined || !fctry) {
      const problem = fromNvsError(error, file);
      const filled = template.rows.some((row, i) => template.parts[i] && row.at.line === error.at?.line);
      ctx.sink.add(filled ? { ...problem, message: `with the values filled in (for a sample board: a 64-character serial, 1.5 KiB PEMs): ${problem.message}` } : problem);
      return undefined;
    }
    ctx.sink.add({
      file,
      message: `the template does not fit the ${hex(fctry.size)}-byte partition '${fctry.name}' when a board brings the largest values (64-character serial, 1.5 KiB certificate and key): it needs ${hex(fits)} bytes`,
      hint: `make '${fctry.name}' at least ${hex(fits)} bytes in the partition table, or store less in the template`,
    });
    return undefined;
  }
  for (const warning of warnings) ctx.notice(warning);
  return { template, options };
}
