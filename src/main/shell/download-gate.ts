/**
 * Downloads the app itself starts. The session cancels every other one (a
 * page cannot make the factory PC save files); each expected URL is let
 * through once.
 */
export class DownloadGate {
  private readonly expected = new Map<string, number>();

  expect(url: string): void {
    this.expected.set(url, (this.expected.get(url) ?? 0) + 1);
  }

  /** Whether this download was expected; consumes the expectation. */
  take(url: string): boolean {
    const count = this.expected.get(url) ?? 0;
    if (count === 0) return false;
    if (count === 1) this.expected.delete(url);
    else this.expected.set(url, count - 1);
    return true;
  }
}
