/**
 * A barcode scanner is a keyboard that types a serial (or a MAC) and Enter
 * faster than anyone types by hand. This is the pure part of telling the two
 * apart: keys come in with their time, and a run of printable characters each
 * at most SCAN_GAP_MS after the one before, ended by Enter, is a scan when it is
 * at least SCAN_MIN_LENGTH long.
 */

export const SCAN_GAP_MS = 50;
export const SCAN_MIN_LENGTH = 4;
/** Longer than any serial or MAC a label carries: a stuck key is not a scan. */
export const SCAN_MAX_LENGTH = 200;

export interface ScanBuffer {
  readonly chars: string;
  /** When the last character came (ms, any monotonic clock). */
  readonly at: number;
}

export const emptyScan: ScanBuffer = { chars: '', at: Number.NEGATIVE_INFINITY };

export interface ScanStep {
  buffer: ScanBuffer;
  /** What was scanned, when this key (Enter) ended a scan. */
  scanned?: string;
  /** Whether the key belongs to a scan under way (the caller keeps it from doing anything else, such as Enter pressing a focused button). */
  consumed: boolean;
}

/** Keys a scanner may send around its characters that neither add to nor break a scan. */
const NEUTRAL = new Set(['Shift', 'CapsLock']);

/** Feeds one key (KeyboardEvent.key) pressed at `at` into the buffer. */
export function scanKey(buffer: ScanBuffer, key: string, at: number): ScanStep {
  const quick = at - buffer.at <= SCAN_GAP_MS;
  if (NEUTRAL.has(key)) return { buffer, consumed: false };
  if (key === 'Enter') {
    const chars = buffer.chars.trim();
    if (quick && chars.length >= SCAN_MIN_LENGTH) return { buffer: emptyScan, scanned: chars, consumed: true };
    return { buffer: emptyScan, consumed: false };
  }
  if ([...key].length !== 1) return { buffer: emptyScan, consumed: false };
  if (!quick || buffer.chars.length >= SCAN_MAX_LENGTH) return { buffer: { chars: key, at }, consumed: false };
  return { buffer: { chars: buffer.chars + key, at }, consumed: buffer.chars.length + 1 >= SCAN_MIN_LENGTH };
}
