import { describe, expect, it } from 'vitest';
import { emptyScan, scanKey, SCAN_GAP_MS, type ScanBuffer } from '../../src/renderer/src/app/scanner';

/** Types `keys` starting at `start`, `gap` ms apart; returns what was scanned and which keys were consumed. */
function type(keys: string[], gap: number, start = 1000, buffer: ScanBuffer = emptyScan) {
  const scanned: string[] = [];
  const consumed: boolean[] = [];
  keys.forEach((key, i) => {
    const step = scanKey(buffer, key, start + i * gap);
    buffer = step.buffer;
    consumed.push(step.consumed);
    if (step.scanned !== undefined) scanned.push(step.scanned);
  });
  return { scanned, consumed, buffer };
}

const keysOf = (text: string) => [...text, 'Enter'];

describe('the barcode scanner buffer', () => {
  it('reads a serial typed quickly and ended by Enter', () => {
    const result = type(keysOf('WDG-2611-00042'), 8);
    expect(result.scanned).toEqual(['WDG-2611-00042']);
    expect(result.consumed.at(-1)).toBe(true);
    expect(result.buffer).toEqual(emptyScan);
  });

  it('reads a MAC, with Shift pressed around the capitals', () => {
    const keys = ['2', '4', ':', 'Shift', 'A', 'Shift', 'C', ':', '1', '2', 'Enter'];
    expect(type(keys, 5).scanned).toEqual(['24:AC:12']);
  });

  it('ignores a person typing at human speed', () => {
    expect(type(keysOf('WDG-2611'), 180).scanned).toEqual([]);
    expect(type(keysOf('WDG-2611'), SCAN_GAP_MS + 1).scanned).toEqual([]);
  });

  it('needs at least four characters', () => {
    expect(type(keysOf('abc'), 5).scanned).toEqual([]);
    expect(type(keysOf('abcd'), 5).scanned).toEqual(['abcd']);
  });

  it('lets a lone Enter through (a focused button still works)', () => {
    const result = type(['Enter'], 5);
    expect(result.scanned).toEqual([]);
    expect(result.consumed).toEqual([false]);
  });

  it('starts over after a pause, and keeps only the quick run', () => {
    const slow = type(['x', 'y'], 500);
    const fast = type(keysOf('S-0001'), 5, 5000, slow.buffer);
    expect(fast.scanned).toEqual(['S-0001']);
  });

  it('starts over on a key that is not a character', () => {
    expect(type(['A', 'B', 'Tab', 'C', 'D', 'Enter'], 5).scanned).toEqual([]);
    expect(type(['A', 'B', 'Backspace', 'C', 'D', 'E', 'F', 'Enter'], 5).scanned).toEqual(['CDEF']);
  });

  it('does not take a slow Enter after quick characters as a scan', () => {
    const typed = type([...'ABCDEF'], 5);
    expect(scanKey(typed.buffer, 'Enter', 1000 + 5 * 5 + 400).scanned).toBeUndefined();
  });
});
