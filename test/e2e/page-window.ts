import type { BenchBridge } from '../../src/shared/api.js';

/**
 * The page as the functions that run in it (page.evaluate, the init script)
 * see it. The Node typecheck of the tests has no DOM library (it would let
 * src/main use `window` unnoticed), so this names the little they use; inside
 * such a function: `const page = globalThis as unknown as PageWindow` (a cast:
 * nothing is imported into the page).
 */
export interface PageElement {
  name: string;
  src: string;
  srcdoc: string;
  textContent: string | null;
  innerHTML: string;
  readonly childElementCount: number;
  append(...children: PageElement[]): void;
  remove(): void;
}

export interface PageWindow {
  bench: BenchBridge;
  document: {
    readonly body: PageElement;
    createElement(tag: string): PageElement;
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): Iterable<PageElement & { getAttribute(name: string): string | null }>;
    getElementById(id: string): PageElement | null;
    addEventListener(type: 'securitypolicyviolation', listener: (event: { violatedDirective: string }) => void): void;
  };
  getComputedStyle(element: unknown): { color: string };
  [name: string]: unknown;
  [symbol: symbol]: unknown;
}
