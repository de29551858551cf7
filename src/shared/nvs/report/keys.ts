import { latin1, rstripNul, utf8OrLatin1 } from '../decode/bytes.js';
import type { NvsEntry, NvsImage } from '../decode/types.js';

/** The key as nvs_tool's JSON gives it: trailing NULs dropped, one character per byte. */
export const jsonKey = (entry: { keyBytes: Uint8Array }): string => latin1(rstripNul(entry.keyBytes));

/**
 * The key as text reports show it: like jsonKey, but UTF-8 keys are shown as
 * UTF-8. (nvs_tool shows them one character per byte, so "kéy" comes out as
 * "kÃ©y"; ASCII keys and bytes that are not UTF-8 print exactly as it does.)
 */
export const textKey = (entry: { keyBytes: Uint8Array }): string => utf8OrLatin1(rstripNul(entry.keyBytes));

/**
 * Namespace index -> defining entry, as nvs_tool's reports find them: every
 * written entry of namespace 0 with an integer value, the last one winning.
 */
export function namespaceEntries(image: NvsImage): Map<number, NvsEntry> {
  const map = new Map<number, NvsEntry>();
  for (const page of image.pages) {
    for (const entry of page.entries) {
      if (entry.state === 'Written' && entry.nsIndex === 0 && entry.data.kind === 'primitive') map.set(Number(entry.data.value), entry);
    }
  }
  return map;
}
