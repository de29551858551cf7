import type { NvsImage } from '../decode/types.js';
import { allJson, writtenJson } from './json-all.js';
import { blobsJson, namespacesJson, storageJson } from './json-extra.js';
import { minimalJson } from './json-minimal.js';
import { type PyJson, pyJsonDumps } from './python-json.js';
import { ansiStyle, plainStyle, type Style } from './style.js';
import { blobsText } from './text-blobs.js';
import { entriesText } from './text-entries.js';
import { integrityText } from './text-integrity.js';
import { minimalText } from './text-minimal.js';
import { namespacesText } from './text-namespaces.js';
import { storageText } from './text-storage.js';

export const DUMPS = ['all', 'written', 'minimal', 'namespaces', 'blobs', 'storage_info', 'none'] as const;
export type Dump = (typeof DUMPS)[number];
export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface ReportOptions {
  dump: Dump;
  format: Format;
  /** Append the integrity check (text format only: JSON output stays one document). */
  integrity?: boolean;
  color?: boolean;
  /** The file name the JSON `all`/`written` dumps carry. */
  name?: string;
}

function textDump(image: NvsImage, dump: Dump, style: Style): string[] {
  switch (dump) {
    case 'all':
      return entriesText(image, style, false);
    case 'written':
      return entriesText(image, style, true);
    case 'minimal':
      return minimalText(image, style);
    case 'namespaces':
      return namespacesText(image, style);
    case 'blobs':
      return blobsText(image, style);
    case 'storage_info':
      return storageText(image, style);
    default:
      return [];
  }
}

function jsonDump(image: NvsImage, dump: Dump, name: string): { value: PyJson; indent: number } | undefined {
  switch (dump) {
    case 'all':
      return { value: allJson(image, name), indent: 2 };
    case 'written':
      return { value: writtenJson(image, name), indent: 2 };
    case 'minimal':
      return { value: minimalJson(image), indent: 4 };
    case 'namespaces':
      return { value: namespacesJson(image), indent: 4 };
    case 'blobs':
      return { value: blobsJson(image), indent: 4 };
    case 'storage_info':
      return { value: storageJson(image), indent: 4 };
    default:
      return undefined;
  }
}

/**
 * The output of `nvs parse` for a decoded image, as nvs_tool prints it: text
 * dumps, then (with `integrity`) a blank line and the check; or one JSON document.
 */
export function renderReport(image: NvsImage, options: ReportOptions): string {
  if (options.format === 'json') {
    const json = jsonDump(image, options.dump, options.name ?? '');
    return json ? `${pyJsonDumps(json.value, json.indent)}\n` : '';
  }
  const style = options.color ? ansiStyle : plainStyle;
  const lines = textDump(image, options.dump, style);
  if (options.integrity) lines.push('', ...integrityText(image, style));
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
