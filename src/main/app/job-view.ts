import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { JobView } from '../../shared/api.js';
import type { JobProblem, LoadedJob } from '../job/load-job.js';



/** What a loaded job will do, as the Job view shows it. */
export function jobViewOf(loaded: LoadedJob): JobView {
  const { settings, certificates, serialScheme } = loaded;
  const serials =
    serialScheme.kind === 'counter'
      ? `counter ${serialScheme.template.source}, from ${serialScheme.start}`
      : `list ${basename(serialScheme.file)}: ${serialScheme.serials.length} serial${serialScheme.serials.length === 1 ? '' : 's'}`;
  const certificateText =
    certificates.mode === 'issue'
      ? `issued by the job's CA (${settings.certificates.mode === 'issue' ? settings.certificates.subject : ''})`
      : certificates.mode === 'pool'
        ? `taken from the pool "${certificates.pool}"`
        : 'none';
  const labels = settings.labels;
  return {
    folder: loaded.dir,
    name: settings.name,
    product: settings.product,
    chip: loaded.chip,
    images: loaded.images.map((image) => ({ file: image.file, offset: image.offset, size: image.data.length })),
    fctry: { ...loaded.fctry, encrypted: settings.nvs.encryption !== undefined },
    serials,
    certificates: certificateText,
    ...(labels ? { labels: typeof labels.template === 'string' ? `template ${labels.template}` : typeof labels.layout === 'string' ? `layout ${labels.layout}` : 'the default label' } : {}),
    ...(settings.check ? { check: `wait for "${settings.check.pattern}" on the console` } : {}),
    needsPassphrase: certificates.mode === 'issue' && !certificates.issuer,
    notices: [...loaded.notices],
    problems: [],
  };
}

/** A job that cannot run: its folder, its name if job.json says one, and every problem. */
export function jobProblemsView(folder: string, problems: readonly JobProblem[]): JobView {
  return { folder, ...nameOf(folder), images: [], needsPassphrase: false, notices: [], problems: problems.map((p) => ({ ...p })) };
}

function nameOf(folder: string): { name?: string; product?: string } {
  try {
    const json = JSON.parse(readFileSync(join(folder, 'job.json'), 'utf8')) as { name?: unknown; product?: unknown };
    return { ...(typeof json.name === 'string' ? { name: json.name } : {}), ...(typeof json.product === 'string' ? { product: json.product } : {}) };
  } catch {
    return {};
  }
}

