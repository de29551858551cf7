/**
 * The pages of ledger rows kept in memory: at most `capacity`, the least
 * recently used dropped first, so memory stays flat however far the operator
 * scrolls. A Map iterates in insertion order: touching a page re-inserts it at
 * the end, and the first key is the least recently used.
 */
export class PageCache<T> {
  private readonly pages = new Map<number, T>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`a page cache holds at least one page, not ${capacity}`);
  }

  get size(): number {
    return this.pages.size;
  }

  has(page: number): boolean {
    return this.pages.has(page);
  }

  /** The page without marking it used (for drawing). */
  peek(page: number): T | undefined {
    return this.pages.get(page);
  }

  /** The page, marked as the most recently used. */
  get(page: number): T | undefined {
    const value = this.pages.get(page);
    if (value === undefined) return undefined;
    this.pages.delete(page);
    this.pages.set(page, value);
    return value;
  }

  /** Stores a page as the most recently used; returns the pages dropped to make room. */
  set(page: number, value: T): number[] {
    this.pages.delete(page);
    this.pages.set(page, value);
    const dropped: number[] = [];
    while (this.pages.size > this.capacity) {
      const oldest = this.pages.keys().next().value as number;
      this.pages.delete(oldest);
      dropped.push(oldest);
    }
    return dropped;
  }

  clear(): void {
    this.pages.clear();
  }

  /** The pages held, least recently used first. */
  keys(): number[] {
    return [...this.pages.keys()];
  }
}
