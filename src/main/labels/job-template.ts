import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { LabelFileError } from './label-file-error.js';
import { defaultTemplatePath, labelResourcesDir } from './template-file.js';

/**
 * The template a job's labels use, from job.json's "labels": "template" (a
 * file of the job folder), or "layout" (a template shipped in resources/labels,
 * by name), else the default one.
 */
export function jobTemplatePath(jobDir: string, labels: Readonly<Record<string, unknown>> | undefined): string {
  const template = labels?.template;
  if (typeof template === 'string' && template) return isAbsolute(template) ? template : resolve(jobDir, template);
  const layout = labels?.layout;
  if (typeof layout !== 'string' || !layout) return defaultTemplatePath();
  const dir = labelResourcesDir();
  const file = join(dir, `${layout}.json`);
  if (existsSync(file)) return file;
  const shipped = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).map((name) => name.slice(0, -5)) : [];
  throw new LabelFileError(join(jobDir, 'job.json'), [{ path: 'labels.layout', message: `no label layout "${layout}" is shipped (${shipped.join(', ') || 'none'})` }], 'name a shipped layout, or give the job its own file with "labels": {"template": "label.json"}');
}
