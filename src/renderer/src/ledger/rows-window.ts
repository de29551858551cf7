/**
 * The maths of the ledger's fixed-height row window: which rows a scroll
 * position shows, where they go, and which pages of rows cover them.
 *
 * Every row is ROW_HEIGHT pixels high, so a row's position is its index times
 * the height: nothing is measured and nothing is kept per row. (That is why the
 * ledger does not use a virtualisation library: those keep a measurement
 * object for every row, a million objects for a million devices.)
 *
 * An element cannot be taller than about 33.5 million pixels in Chromium
 * (2^25 layout units of 1/64 px, minus a little), so when `total × rowHeight`
 * is more than MAX_CONTENT_HEIGHT the scrollable height is capped and the scroll
 * position is scaled: scrolling from top to bottom still goes from the first
 * row to the last. A million rows of 28 px (28 M px) need no scaling.
 */

export const ROW_HEIGHT = 28;
/** Rows of a page fetched with ledger.rows. */
export const PAGE_SIZE = 100;
/** Pages kept in memory: 3,000 rows, whatever the ledger holds. */
export const MAX_PAGES = 30;
/** Rows drawn above and below the viewport. */
export const OVERSCAN = 6;
/** The tallest scrollable content we make, well under Chromium's ~33,554,400 px. */
export const MAX_CONTENT_HEIGHT = 30_000_000;

export interface WindowGeometry {
  /** Rows in the list. */
  total: number;
  /** Height of the part of the scroll container that shows rows (without a sticky header). */
  viewportHeight: number;
  rowHeight?: number;
  maxContentHeight?: number;
}

const clamp = (value: number, low: number, high: number): number => Math.min(Math.max(value, low), high);

interface Ranges {
  rowHeight: number;
  content: number;
  /** How far the container can scroll. */
  scrollRange: number;
  /** How far it would scroll without the cap. */
  realRange: number;
}

function ranges(geometry: WindowGeometry): Ranges {
  const rowHeight = geometry.rowHeight ?? ROW_HEIGHT;
  const real = Math.max(0, geometry.total) * rowHeight;
  const content = Math.min(real, geometry.maxContentHeight ?? MAX_CONTENT_HEIGHT);
  const viewport = Math.max(0, geometry.viewportHeight);
  return { rowHeight, content, scrollRange: Math.max(0, content - viewport), realRange: Math.max(0, real - viewport) };
}

/** The height of the scrollable content holding the rows. */
export function contentHeight(geometry: WindowGeometry): number {
  return ranges(geometry).content;
}

/** Where the viewport's top is in the unscaled list (row i starts at i × rowHeight) for a scroll position. */
export function virtualTop(scrollTop: number, geometry: WindowGeometry): number {
  const { scrollRange, realRange } = ranges(geometry);
  if (scrollRange === 0) return 0;
  const top = clamp(scrollTop, 0, scrollRange);
  return scrollRange === realRange ? top : (top * realRange) / scrollRange;
}

/** The scroll position that puts `virtual` (a position in the unscaled list) at the viewport's top. */
export function scrollTopFor(virtual: number, geometry: WindowGeometry): number {
  const { scrollRange, realRange } = ranges(geometry);
  if (realRange === 0) return 0;
  const top = clamp(virtual, 0, realRange);
  return scrollRange === realRange ? top : (top * scrollRange) / realRange;
}

export interface VisibleRows {
  /** The first row drawn (overscan included). */
  first: number;
  /** One past the last row drawn. */
  end: number;
  /** Where row `first` goes, in the content's coordinates. */
  top: number;
  /** Rows that fit in the viewport, for PageUp/PageDown. */
  perViewport: number;
}

/** The rows to draw for a scroll position: those in the viewport and `overscan` more on each side. */
export function visibleRows(scrollTop: number, geometry: WindowGeometry, overscan = OVERSCAN): VisibleRows {
  const { rowHeight, scrollRange } = ranges(geometry);
  const total = Math.max(0, geometry.total);
  const perViewport = Math.max(1, Math.floor(geometry.viewportHeight / rowHeight));
  if (total === 0) return { first: 0, end: 0, top: 0, perViewport };
  const top = clamp(scrollTop, 0, scrollRange);
  const virtual = virtualTop(top, geometry);
  const first = clamp(Math.floor(virtual / rowHeight) - overscan, 0, total);
  const end = clamp(Math.ceil((virtual + geometry.viewportHeight) / rowHeight) + overscan, first, total);
  // Unscaled, this is first × rowHeight; scaled, the rows are drawn relative to the viewport's top.
  return { first, end, top: top + (first * rowHeight - virtual), perViewport };
}

/** The pages (of `pageSize` rows) that hold rows first..end-1. */
export function pagesCovering(first: number, end: number, pageSize = PAGE_SIZE): number[] {
  if (end <= first) return [];
  const pages: number[] = [];
  for (let page = Math.floor(first / pageSize); page <= Math.floor((end - 1) / pageSize); page++) pages.push(page);
  return pages;
}

/** The scroll position that shows row `row` whole, moving as little as possible from `scrollTop`. */
export function scrollTopToShow(row: number, scrollTop: number, geometry: WindowGeometry): number {
  const { rowHeight } = ranges(geometry);
  const virtual = virtualTop(scrollTop, geometry);
  const rowTop = row * rowHeight;
  if (rowTop < virtual) return scrollTopFor(rowTop, geometry);
  if (rowTop + rowHeight > virtual + geometry.viewportHeight) return scrollTopFor(rowTop + rowHeight - geometry.viewportHeight, geometry);
  return scrollTop;
}

/** The row a keyboard key moves the selection to, or undefined for a key that does not move it. */
export function rowAfterKey(key: string, selected: number | undefined, total: number, perViewport: number): number | undefined {
  if (total <= 0) return undefined;
  const current = selected ?? -1;
  const step = Math.max(1, perViewport - 1);
  switch (key) {
    case 'ArrowDown':
      return clamp(current + 1, 0, total - 1);
    case 'ArrowUp':
      return clamp(selected === undefined ? 0 : current - 1, 0, total - 1);
    case 'PageDown':
      return clamp(current + step, 0, total - 1);
    case 'PageUp':
      return clamp(selected === undefined ? 0 : current - step, 0, total - 1);
    case 'Home':
      return 0;
    case 'End':
      return total - 1;
    default:
      return undefined;
  }
}
