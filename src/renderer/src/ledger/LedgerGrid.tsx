import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { DeviceRowView } from '../../../shared/api';
import { formatTime } from './format';
import type { PageStore } from './page-store';
import { ScrollFetch } from './scroll-fetch';
import { contentHeight, ROW_HEIGHT, rowAfterKey, scrollTopToShow, visibleRows, type WindowGeometry } from './rows-window';

/** The sticky header row's height (ledger.css says the same). */
export const HEADER_HEIGHT = 32;

interface Column {
  name: string;
  cell: (row: DeviceRowView) => string;
  className?: string;
}

const COLUMNS: Column[] = [
  { name: 'Serial', cell: (row) => row.serial, className: 'mono' },
  { name: 'MAC', cell: (row) => row.mac, className: 'mono' },
  { name: 'Chip', cell: (row) => row.chip ?? '—' },
  { name: 'Status', cell: (row) => row.status },
  { name: 'Job', cell: (row) => row.job },
  { name: 'Port', cell: (row) => row.port ?? '—' },
  { name: 'Last step', cell: (row) => row.lastStep ?? '—' },
  { name: 'Created', cell: (row) => formatTime(row.createdAt) },
  { name: 'Provisioned', cell: (row) => formatTime(row.provisionedAt) },
];

export interface LedgerGridProps {
  store: PageStore<DeviceRowView>;
  /** Redraw when rows arrive. */
  version: number;
  /** A new list (filter, refresh): back to the top, nothing selected. */
  generation: number;
  /** Opens the device of row `index` (Enter, double click). */
  onOpen(index: number): void;
  label?: string;
}

const rowId = (index: number): string => `ledger-row-${index}`;

/**
 * The ledger as a grid of fixed-height rows, drawing only the rows in view (and
 * a few more) out of however many match: see rows-window.ts for why it does
 * its own windowing. Rows come a page at a time from the PageStore; a row not
 * here yet is drawn as a placeholder until its page comes.
 */
export function LedgerGrid({ store, version: _version, generation, onOpen, label = 'Devices' }: LedgerGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const total = store.total ?? 0;
  const geometry: WindowGeometry = { total, viewportHeight };
  const geometryRef = useRef(geometry);
  geometryRef.current = geometry;

  /** What the viewport shows now, from the DOM (the state may lag a scroll event behind). */
  const current = useCallback(() => visibleRows(scroller.current?.scrollTop ?? 0, geometryRef.current), []);
  const fetchVisible = useCallback(() => {
    const rows = current();
    store.want(rows.first, Math.max(rows.end, rows.first + 1));
  }, [current, store]);

  const fetcher = useRef<ScrollFetch | undefined>(undefined);
  const lastFirst = useRef(0);
  fetcher.current ??= new ScrollFetch({
    fetch: () => fetchVisible(),
    // Slow enough when the view moved less than three screens since the last look.
    worthFetching: () => {
      const rows = current();
      const moved = Math.abs(rows.first - lastFirst.current);
      lastFirst.current = rows.first;
      return moved <= rows.perViewport * 3;
    },
  });
  useEffect(() => () => fetcher.current?.cancel(), []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return undefined;
    const measure = () => setViewportHeight(Math.max(ROW_HEIGHT, element.clientHeight - HEADER_HEIGHT));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // A new list: to the top, and fetch its first rows at once.
  useLayoutEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setSelected(undefined);
    lastFirst.current = 0;
    fetchVisible();
  }, [generation, fetchVisible]);

  // The count came (or the viewport grew): fetch what shows.
  useEffect(() => {
    if (store.total !== undefined) fetchVisible();
  }, [store.total, viewportHeight, fetchVisible]);

  const onScroll = () => {
    setScrollTop(scroller.current?.scrollTop ?? 0);
    fetcher.current?.scrolled();
  };

  const select = (index: number) => {
    setSelected(index);
    const element = scroller.current;
    if (!element) return;
    const top = scrollTopToShow(index, element.scrollTop, geometryRef.current);
    if (top !== element.scrollTop) element.scrollTop = top;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Enter') {
      if (selected !== undefined) {
        event.preventDefault();
        onOpen(selected);
      }
      return;
    }
    const next = rowAfterKey(event.key, selected, total, current().perViewport);
    if (next === undefined) return;
    event.preventDefault();
    select(next);
  };

  const rows = visibleRows(scrollTop, geometry);
  const drawn = [];
  for (let index = rows.first; index < rows.end; index++) {
    const row = store.row(index);
    const isSelected = index === selected;
    const className = `ledger-row ledger-cols${isSelected ? ' selected' : ''}${row ? '' : ' placeholder'}${index % 2 ? ' odd' : ''}`;
    drawn.push(
      <div
        key={index}
        id={rowId(index)}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={isSelected}
        aria-busy={row ? undefined : true}
        className={className}
        onClick={() => setSelected(index)}
        onDoubleClick={() => onOpen(index)}
      >
        {COLUMNS.map((column) =>
          row ? (
            <div key={column.name} role="gridcell" className={column.name === 'Status' ? `status status-${row.status}` : column.className}>
              {column.cell(row)}
            </div>
          ) : (
            <div key={column.name} role="gridcell" className="placeholder-cell">
              <span className="placeholder-bar" />
            </div>
          ),
        )}
      </div>,
    );
  }
  const selectedDrawn = selected !== undefined && selected >= rows.first && selected < rows.end;

  return (
    <div
      ref={scroller}
      className="ledger-grid"
      role="grid"
      aria-label={label}
      aria-rowcount={total + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={selectedDrawn ? rowId(selected) : undefined}
      aria-busy={store.total === undefined}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div role="row" aria-rowindex={1} className="ledger-header ledger-cols">
        {COLUMNS.map((column) => (
          <div key={column.name} role="columnheader">
            {column.name}
          </div>
        ))}
      </div>
      <div className="ledger-spacer" style={{ height: contentHeight(geometry) }}>
        <div role="rowgroup" className="ledger-rows" style={{ transform: `translateY(${rows.top}px)` }}>
          {drawn}
        </div>
      </div>
    </div>
  );
}
