import type { NvsImage } from '../decode/types.js';
import { namespaceEntries, textKey } from './keys.js';
import { d03 } from './py-format.js';
import type { Style } from './style.js';

/** `-d namespaces`: index and name of every namespace entry, by index. */
export function namespacesText(image: NvsImage, style: Style): string[] {
  const namespaces = [...namespaceEntries(image)].sort(([a], [b]) => a - b);
  return [style.bold('Index: Namespace'), ...namespaces.map(([index, entry]) => ` ${d03(index)}: ${style.cyan(textKey(entry))}`)];
}
