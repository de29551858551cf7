import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/renderer/src/ledger/page-cache';
import { PageStore, type RowsPage } from '../../src/renderer/src/ledger/page-store';

describe('the LRU page cache', () => {
  it('keeps at most its capacity, dropping the least recently used', () => {
    const cache = new PageCache<string>(3);
    cache.set(1, 'a');
    cache.set(2, 'b');
    cache.set(3, 'c');
    expect(cache.get(1)).toBe('a'); // 1 is now the most recent
    expect(cache.set(4, 'd')).toEqual([2]);
    expect(cache.keys()).toEqual([3, 1, 4]);
    expect(cache.has(2)).toBe(false);
    expect(cache.size).toBe(3);
  });

  it('peek does not count as a use', () => {
    const cache = new PageCache<string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    expect(cache.peek(1)).toBe('a');
    cache.set(3, 'c');
    expect(cache.keys()).toEqual([2, 3]);
  });

  it('storing a page again replaces it and makes it the most recent', () => {
    const cache = new PageCache<string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    cache.set(1, 'A');
    expect(cache.set(3, 'c')).toEqual([2]);
    expect(cache.peek(1)).toBe('A');
  });

  it('refuses a capacity under one page', () => {
    expect(() => new PageCache(0)).toThrow(RangeError);
  });

  it('memory stays flat from the first page to the ten-thousandth', () => {
    const cache = new PageCache<number[]>(30);
    for (let page = 0; page < 10_000; page++) cache.set(page, [page]);
    expect(cache.size).toBe(30);
    expect(cache.keys()[0]).toBe(9970);
  });
});

interface Pending {
  offset: number;
  limit: number;
  resolve(page: RowsPage<number>): void;
  reject(error: unknown): void;
}

/** A fetch that answers when told to, with rows that are their own index. */
function deferredFetch() {
  const pending: Pending[] = [];
  const fetch = (offset: number, limit: number) =>
    new Promise<RowsPage<number>>((resolve, reject) => {
      pending.push({ offset, limit, resolve, reject });
    });
  const answer = (index: number, total: number) => {
    const request = pending[index]!;
    const rows = Array.from({ length: Math.max(0, Math.min(request.limit, total - request.offset)) }, (_, i) => request.offset + i);
    request.resolve({ rows, total });
  };
  return { pending, fetch, answer };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the page store', () => {
  it('fetches the pages a range needs, once each, even while they are coming', async () => {
    const { pending, fetch, answer } = deferredFetch();
    let changes = 0;
    const store = new PageStore<number>(fetch, () => changes++, String, { pageSize: 100, maxPages: 30 });
    store.want(0, 30);
    store.want(0, 30);
    expect(pending.map((request) => request.offset)).toEqual([0]);
    expect(store.isLoading(0)).toBe(true);
    answer(0, 1_000_000);
    await settle();
    expect(store.total).toBe(1_000_000);
    expect(store.row(42)).toBe(42);
    expect(changes).toBe(1);
    store.want(90, 130);
    expect(pending.map((request) => request.offset)).toEqual([0, 100]);
    store.want(999_990, 1_000_010);
    expect(pending.at(-1)).toMatchObject({ offset: 999_900, limit: 100 });
  });

  it('drops the answers for a list it was reset from', async () => {
    const { pending, fetch, answer } = deferredFetch();
    const store = new PageStore<number>(fetch, () => undefined, String, { pageSize: 100 });
    store.want(0, 10);
    store.reset();
    store.want(0, 10);
    expect(pending).toHaveLength(2);
    answer(0, 1_000_000);
    await settle();
    expect(store.total).toBeUndefined();
    expect(store.row(0)).toBeUndefined();
    answer(1, 500);
    await settle();
    expect(store.total).toBe(500);
    expect(store.row(0)).toBe(0);
  });

  it('a later count that differs is kept apart, for a refresh', async () => {
    const { fetch, answer } = deferredFetch();
    const store = new PageStore<number>(fetch, () => undefined, String, { pageSize: 100 });
    store.want(0, 10);
    answer(0, 1000);
    await settle();
    store.want(500, 510);
    answer(1, 1003);
    await settle();
    expect(store.total).toBe(1000);
    expect(store.latestTotal).toBe(1003);
  });

  it('holds at most maxPages pages however far the view goes', async () => {
    let served = 0;
    const store = new PageStore<number>(
      async (offset, limit) => {
        served += limit;
        return { rows: Array.from({ length: limit }, (_, i) => offset + i), total: 1_000_000 };
      },
      () => undefined,
      String,
      { pageSize: 100, maxPages: 30 },
    );
    for (let first = 0; first < 1_000_000; first += 10_000) {
      store.want(first, first + 30);
      await settle();
    }
    expect(store.pagesHeld).toBeLessThanOrEqual(30);
    expect(served).toBe(100 * 100);
  });

  it('says why a page could not be fetched, and fetches it again when asked', async () => {
    const { pending, fetch, answer } = deferredFetch();
    const store = new PageStore<number>(fetch, () => undefined, (failure) => (failure as Error).message, { pageSize: 100 });
    store.want(0, 10);
    pending[0]!.reject(new Error('the ledger is locked by another process'));
    await settle();
    expect(store.error).toBe('the ledger is locked by another process');
    expect(store.isLoading(0)).toBe(false);
    store.want(0, 10);
    answer(1, 5);
    await settle();
    expect(store.error).toBeUndefined();
    expect(store.row(4)).toBe(4);
  });

  it('rowAt fetches the page of a row not here', async () => {
    const { fetch, answer } = deferredFetch();
    const store = new PageStore<number>(fetch, () => undefined, String, { pageSize: 100 });
    const row = store.rowAt(777);
    answer(0, 1000);
    expect(await row).toBe(777);
  });
});
