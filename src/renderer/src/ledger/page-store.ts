import { PageCache } from './page-cache';
import { MAX_PAGES, PAGE_SIZE, pagesCovering } from './rows-window';

export interface RowsPage<T> {
  rows: T[];
  total: number;
}

/** Fetches `limit` rows from `offset` (ledger.rows with the current filter). */
export type FetchRows<T> = (offset: number, limit: number) => Promise<RowsPage<T>>;

export interface PageStoreOptions {
  pageSize?: number;
  maxPages?: number;
}

/**
 * The rows of one filtered list, fetched a page at a time as the view asks for
 * them: a page already held or already being fetched is not fetched again, and
 * an answer for a list that has since been reset (another filter) is dropped.
 *
 * `total` is what the first answer after a reset said; a later answer with
 * another count (devices were added meanwhile) sets `latestTotal` instead, so
 * that the view can offer a refresh rather than jump.
 */
export class PageStore<T> {
  readonly pageSize: number;
  private readonly cache: PageCache<T[]>;
  private loading = new Set<number>();
  private generation = 0;
  private fetchRows: FetchRows<T>;
  total: number | undefined;
  latestTotal: number | undefined;
  error: string | undefined;

  constructor(
    fetchRows: FetchRows<T>,
    private readonly onChange: () => void,
    private readonly describeError: (failure: unknown) => string = String,
    options: PageStoreOptions = {},
  ) {
    this.fetchRows = fetchRows;
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.cache = new PageCache(options.maxPages ?? MAX_PAGES);
  }

  /** Forgets every row (and drops the answers still coming) and lists with `fetchRows` from now on. */
  reset(fetchRows: FetchRows<T> = this.fetchRows): void {
    this.fetchRows = fetchRows;
    this.generation++;
    this.cache.clear();
    this.loading = new Set();
    this.total = undefined;
    this.latestTotal = undefined;
    this.error = undefined;
  }

  /** Row `index` if its page is here (does not fetch). */
  row(index: number): T | undefined {
    return this.cache.peek(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  isLoading(page: number): boolean {
    return this.loading.has(page);
  }

  /** Pages held, for tests and diagnostics. */
  get pagesHeld(): number {
    return this.cache.size;
  }

  /** Makes sure rows first..end-1 are here or coming: fetches the missing pages that are not already being fetched. */
  want(first: number, end: number): void {
    // Before the first answer the count is unknown: fetch at least the page holding `first`.
    const stop = this.total === undefined ? Math.max(end, first + 1) : Math.min(end, this.total);
    for (const page of pagesCovering(first, stop, this.pageSize)) {
      if (this.cache.get(page) !== undefined || this.loading.has(page)) continue;
      void this.fetch(page);
    }
  }

  /** Fetches the page holding row `index` unless it is here, and resolves with the row (undefined past the end or on a failure). */
  async rowAt(index: number): Promise<T | undefined> {
    const held = this.row(index);
    if (held !== undefined) return held;
    const page = Math.floor(index / this.pageSize);
    const generation = this.generation;
    const rows = await this.fetch(page);
    return generation === this.generation ? rows?.[index % this.pageSize] : undefined;
  }

  private pending = new Map<string, Promise<T[] | undefined>>();

  private fetch(page: number): Promise<T[] | undefined> {
    const key = `${this.generation}:${page}`;
    const already = this.pending.get(key);
    if (already) return already;
    const generation = this.generation;
    const loading = this.loading;
    loading.add(page);
    const promise = this.fetchRows(page * this.pageSize, this.pageSize).then(
      (answer) => {
        if (generation !== this.generation) return undefined;
        this.cache.set(page, answer.rows);
        if (this.total === undefined) this.total = answer.total;
        else if (answer.total !== this.total) this.latestTotal = answer.total;
        this.error = undefined;
        return answer.rows;
      },
      (failure: unknown) => {
        if (generation === this.generation) this.error = this.describeError(failure);
        return undefined;
      },
    );
    this.pending.set(key, promise);
    void promise.finally(() => {
      loading.delete(page);
      this.pending.delete(key);
      if (generation === this.generation) this.onChange();
    });
    return promise;
  }
}
