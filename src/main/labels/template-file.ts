import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabelTemplate } from '../../shared/labels/template-schema.js';
import { validateTemplate } from '../../shared/labels/validate-template.js';
import { readJsonFile, locate } from './json-file.js';
import { LabelFileError } from './label-file-error.js';

export const DEFAULT_TEMPLATE = 'default-50x25.json';
const HINT = 'the README section "Labels" describes a template: size, dpi, constants and elements (text, qr, code128, datamatrix)';

/** A template file: checked in full, every problem with its line and JSON path. */
export function loadLabelTemplate(file: string, options: { constants?: Readonly<Record<string, string>> } = {}): LabelTemplate {
  const doc = readJsonFile(file, HINT);
  const { template, problems } = validateTemplate(doc.value, options);
  const located = locate(doc, problems);
  if (!template || located.length > 0) throw new LabelFileError(file, located, HINT);
  return template;
}

/**
 * The folder of the shipped templates (resources/labels): beside the app's
 * resources when packaged, else found upwards from this module (src/ or the built CLI).
 */
export function labelResourcesDir(): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = packaged ? [join(packaged, 'labels')] : [];
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    candidates.push(join(dir, 'resources', 'labels'));
    if (dirname(dir) === dir) break;
  }
  return candidates.find((dir) => existsSync(join(dir, DEFAULT_TEMPLATE))) ?? resolve('resources', 'labels');
}

export const defaultTemplatePath = (): string => join(labelResourcesDir(), DEFAULT_TEMPLATE);
