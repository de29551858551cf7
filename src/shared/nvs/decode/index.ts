/** Decoding NVS partition images: pages, entries, namespaces, problems, and every key's value. */
export { decodeImage } from './decode-image.js';
export { readValues, findValue, type NvsValue } from './values.js';
export type { EntryData, EntryState, NvsEntry, NvsImage, NvsPage, NvsProblem, NvsSlot, PageStatus, ProblemCode, ProblemDetail, ProblemSeverity } from './types.js';
