import type { CounterTemplate } from '../../src/main/ledger/index.js';

/** A plain counter template, SN-000001…: the ledger's own tests need no date fields. */
export const plainCounter = (prefix = 'SN-', width = 6): CounterTemplate => ({
  scope: () => `${prefix}{counter}`,
  render: (_date: Date, counter: number) => `${prefix}${String(counter).padStart(width, '0')}`,
  maxCounter: 10 ** width - 1,
});

/** The n-th test MAC: 24:0a:c4:00:00:01 … */
export const macOf = (n: number): string => `24:0a:c4:${[n >> 16, (n >> 8) & 0xff, n & 0xff].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
