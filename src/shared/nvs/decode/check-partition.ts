import { PAGE_SIZE } from '../layout.js';
import { problem } from './problem.js';
import type { NvsPage, NvsProblem } from './types.js';

/** Whole-image checks: page count, truncation, a free page. */
export function checkPartition(length: number, pages: readonly NvsPage[]): NvsProblem[] {
  const problems: NvsProblem[] = [];
  // Read-only partitions (0x1000, 0x2000) are legitimately this small, so these two are warnings there.
  const small = pages.length < 3;
  if (small) {
    problems.push(
      problem(
        'warning',
        { code: 'too-few-pages', pages: pages.length },
        `the image has ${pages.length} page${pages.length === 1 ? '' : 's'}: the firmware needs at least 3 (0x3000 bytes) unless the partition is read-only`,
      ),
    );
  }
  if (length % PAGE_SIZE !== 0) {
    problems.push(
      problem(
        'error',
        { code: 'image-truncated', length },
        `the image is ${length} bytes, not a multiple of ${PAGE_SIZE}: its last ${length % PAGE_SIZE} bytes are a partial page (the file looks cut short), and were not decoded`,
      ),
    );
  }
  if (!pages.some((page) => page.status === 'Empty')) {
    problems.push(
      problem(
        small ? 'warning' : 'error',
        { code: 'no-empty-page' },
        'no page is empty (state 0xFFFFFFFF): the firmware needs one free page to work (a read-only partition excepted); the image may be truncated',
      ),
    );
  }
  return problems;
}
