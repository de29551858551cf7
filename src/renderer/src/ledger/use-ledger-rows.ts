import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceFilterView, DeviceRowView } from '../../../shared/api';
import { call, errorText, useEvents } from '../bridge';
import { PageStore, type FetchRows } from './page-store';

/** How often a burst of `ledger` events may ask how many devices match now. */
const RECOUNT_MS = 1000;

export interface LedgerRows {
  store: PageStore<DeviceRowView>;
  /** Changes whenever rows arrive: the grid draws again. */
  version: number;
  /** Changes on every reset (new filter, refresh): the grid goes back to the top. */
  generation: number;
  /** Forgets every row and lists again from the top (the "N new devices — refresh" button, Retry). */
  refresh(): void;
}

const fetcherFor =
  (filter: DeviceFilterView): FetchRows<DeviceRowView> =>
  (offset, limit) =>
    call('ledger.rows', { filter, offset, limit });

/**
 * The ledger's rows for a filter, as a PageStore the grid asks for the rows it
 * shows. A `ledger` event (devices were added) does not move the list: it
 * recounts, and the view offers a refresh when the count changed.
 */
export function useLedgerRows(filter: DeviceFilterView): LedgerRows {
  const [version, setVersion] = useState(0);
  const [generation, setGeneration] = useState(0);
  const bump = useCallback(() => setVersion((value) => value + 1), []);
  const storeRef = useRef<PageStore<DeviceRowView> | undefined>(undefined);
  storeRef.current ??= new PageStore<DeviceRowView>(fetcherFor(filter), bump, errorText);
  const store = storeRef.current;
  const filterKey = JSON.stringify(filter);
  const filterRef = useRef(filter);
  filterRef.current = filter;

  const refresh = useCallback(() => {
    store.reset(fetcherFor(filterRef.current));
    setGeneration((value) => value + 1);
  }, [store]);

  // A new filter lists again (not the first one: the store was made with it; nor twice the same one).
  const listed = useRef(filterKey);
  useEffect(() => {
    if (listed.current === filterKey) return;
    listed.current = filterKey;
    refresh();
  }, [filterKey, refresh]);

  const recount = useRef<{ timer?: ReturnType<typeof setTimeout>; last: number }>({ last: 0 });
  useEffect(() => () => clearTimeout(recount.current.timer), []);
  useEvents((events) => {
    if (!events.some((event) => event.type === 'ledger')) return;
    const state = recount.current;
    if (state.timer !== undefined) return;
    const wait = Math.max(0, state.last + RECOUNT_MS - Date.now());
    state.timer = setTimeout(() => {
      state.timer = undefined;
      state.last = Date.now();
      const total = store.total;
      if (total === undefined) return;
      call('ledger.rows', { filter: filterRef.current, offset: 0, limit: 1 }).then(
        (answer) => {
          // Only if the list is still the one that was counted.
          if (store.total === total && answer.total !== total) {
            store.latestTotal = answer.total;
            bump();
          }
        },
        () => undefined,
      );
    }, wait);
  });

  return { store, version, generation, refresh };
}
