import type { NvsEntry, NvsProblem, ProblemDetail, ProblemSeverity } from './types.js';

const hex8 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
export { hex8 };

/** `"key"`, escaped so that control characters in a damaged key stay visible. */
export const quoteKey = (key: string): string => JSON.stringify(key);

/** "page 1 entry 5 (key "serial")": where an entry is, for messages. */
export const entryPlace = (entry: NvsEntry): string => `page ${entry.page} entry ${entry.index} (key ${quoteKey(entry.key)})`;

/** A problem about the whole image, one page (`at` = its position) or one entry. */
export function problem(severity: ProblemSeverity, detail: ProblemDetail, message: string, at?: NvsEntry | number): NvsProblem {
  if (at === undefined) return { ...detail, severity, message };
  if (typeof at === 'number') return { ...detail, severity, page: at, message };
  return { ...detail, severity, page: at.page, entry: at.index, key: at.key, message };
}

/** Where the checks collect what they need across pages. */
export interface CheckContext {
  problems: NvsProblem[];
  /** Written top-level entries in image order. */
  written: NvsEntry[];
  /** Blob indexes by namespace and key; a later index for the same blob replaces the earlier one. */
  blobIndexes: Map<string, NvsEntry>;
  blobChunks: NvsEntry[];
  /** Namespace index -> its defining entry, in order of first definition. */
  definedNamespaces: Map<number, NvsEntry>;
  /** Namespace index -> the first entry that uses it. */
  usedNamespaces: Map<number, NvsEntry>;
}

/** Identifies a key by its bytes up to the first NUL (how the firmware compares keys). */
export const keyId = (entry: NvsEntry): string => {
  const nul = entry.keyBytes.indexOf(0);
  const bytes = nul < 0 ? entry.keyBytes : entry.keyBytes.subarray(0, nul);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
};

export const blobId = (entry: NvsEntry): string => `${entry.nsIndex}:${keyId(entry)}`;
