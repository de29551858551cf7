import { describe, expect, it } from 'vitest';
import { contentHeight, MAX_CONTENT_HEIGHT, pagesCovering, ROW_HEIGHT, rowAfterKey, scrollTopFor, scrollTopToShow, virtualTop, visibleRows } from '../../src/renderer/src/ledger/rows-window';

const MILLION = 1_000_000;

describe('the ledger row window', () => {
  it('a million rows fit under the height Chromium can lay out, unscaled', () => {
    expect(MILLION * ROW_HEIGHT).toBeLessThan(33_000_000);
    expect(contentHeight({ total: MILLION, viewportHeight: 560 })).toBe(MILLION * ROW_HEIGHT);
    expect(virtualTop(123_456, { total: MILLION, viewportHeight: 560 })).toBe(123_456);
  });

  it('draws the rows in view and a few more, no more', () => {
    const rows = visibleRows(0, { total: MILLION, viewportHeight: 560 }, 5);
    expect(rows).toEqual({ first: 0, end: 25, top: 0, perViewport: 20 });
    const middle = visibleRows(28 * 1000 + 14, { total: MILLION, viewportHeight: 560 }, 5);
    expect(middle.first).toBe(995);
    expect(middle.end).toBe(1000 + 21 + 5);
    expect(middle.top).toBe(995 * 28);
  });

  it('at the very bottom the last row is drawn and nothing past it', () => {
    const geometry = { total: MILLION, viewportHeight: 560 };
    const bottom = MILLION * 28 - 560;
    const rows = visibleRows(bottom, geometry, 5);
    expect(rows.end).toBe(MILLION);
    expect(rows.first).toBe(MILLION - 20 - 5);
    // A scroll position past the end (a stale one) is clamped.
    expect(visibleRows(bottom * 2, geometry, 5)).toEqual(rows);
  });

  it('an empty or short list', () => {
    expect(visibleRows(0, { total: 0, viewportHeight: 560 })).toMatchObject({ first: 0, end: 0 });
    expect(visibleRows(500, { total: 3, viewportHeight: 560 }, 5)).toMatchObject({ first: 0, end: 3, top: 0 });
    expect(contentHeight({ total: 3, viewportHeight: 560 })).toBe(84);
  });

  it('scales positions when the rows would be taller than the cap, and still reaches the first and the last row', () => {
    const geometry = { total: 5_000_000, viewportHeight: 560 };
    expect(contentHeight(geometry)).toBe(MAX_CONTENT_HEIGHT);
    const top = visibleRows(0, geometry, 0);
    expect(top.first).toBe(0);
    expect(top.top).toBe(0);
    const scrollRange = MAX_CONTENT_HEIGHT - 560;
    const bottom = visibleRows(scrollRange, geometry, 0);
    expect(bottom.end).toBe(5_000_000);
    // The last row's bottom is the viewport's bottom, inside the content.
    expect(bottom.top + (bottom.end - bottom.first) * ROW_HEIGHT).toBeCloseTo(MAX_CONTENT_HEIGHT, 3);
    // Half way down shows the middle rows.
    const half = visibleRows(scrollRange / 2, geometry, 0);
    expect(Math.abs(half.first - 2_500_000)).toBeLessThan(20);
    // scrollTopFor inverts virtualTop.
    expect(virtualTop(scrollTopFor(1_234_567 * 28, geometry), geometry)).toBeCloseTo(1_234_567 * 28, 3);
  });

  it('names the pages that hold a range of rows', () => {
    expect(pagesCovering(0, 25, 100)).toEqual([0]);
    expect(pagesCovering(95, 130, 100)).toEqual([0, 1]);
    expect(pagesCovering(999_975, 1_000_000, 100)).toEqual([9999]);
    expect(pagesCovering(10, 10, 100)).toEqual([]);
  });

  it('scrolls as little as needed to show a row', () => {
    const geometry = { total: MILLION, viewportHeight: 560 };
    expect(scrollTopToShow(5, 0, geometry)).toBe(0);
    expect(scrollTopToShow(20, 0, geometry)).toBe(21 * 28 - 560);
    expect(scrollTopToShow(10, 28 * 50, geometry)).toBe(280);
    expect(scrollTopToShow(MILLION - 1, 0, geometry)).toBe(MILLION * 28 - 560);
  });

  it('moves the selection with the keys, End to the last row', () => {
    expect(rowAfterKey('ArrowDown', undefined, MILLION, 20)).toBe(0);
    expect(rowAfterKey('ArrowDown', 4, MILLION, 20)).toBe(5);
    expect(rowAfterKey('ArrowUp', 0, MILLION, 20)).toBe(0);
    expect(rowAfterKey('PageDown', 0, MILLION, 20)).toBe(19);
    expect(rowAfterKey('PageUp', 10, MILLION, 20)).toBe(0);
    expect(rowAfterKey('End', 3, MILLION, 20)).toBe(MILLION - 1);
    expect(rowAfterKey('Home', 3, MILLION, 20)).toBe(0);
    expect(rowAfterKey('ArrowDown', MILLION - 1, MILLION, 20)).toBe(MILLION - 1);
    expect(rowAfterKey('a', 3, MILLION, 20)).toBeUndefined();
    expect(rowAfterKey('End', undefined, 0, 20)).toBeUndefined();
  });
});
