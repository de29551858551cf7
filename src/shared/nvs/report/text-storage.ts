import { ENTRY_SIZE, PAGE_SIZE } from '../layout.js';
import type { NvsImage } from '../decode/types.js';
import { sp5 } from './py-format.js';
import type { Style } from './style.js';

interface Counts {
  written: number;
  erased: number;
  empty: number;
  invalid: number;
}

const countLines = (c: Counts): string[] => [
  `    Written: ${sp5(c.written)}`,
  `    Erased:  ${sp5(c.erased)}`,
  `    Empty:   ${sp5(c.empty)}`,
  `    Invalid: ${sp5(c.invalid)}`,
  `    Total:   ${sp5(c.written + c.erased + c.empty + c.invalid)}`,
];

/** Entry counts per page and in total. As in nvs_tool, the data slots of strings and blobs are not counted. */
export function storageCounts(image: NvsImage): { pages: Counts[]; total: Counts } {
  const total: Counts = { written: 0, erased: 0, empty: 0, invalid: 0 };
  const pages = image.pages.map((page) => {
    const c: Counts = { written: 0, erased: 0, empty: 0, invalid: 0 };
    for (const entry of page.entries) {
      if (entry.state === 'Written') c.written++;
      else if (entry.state === 'Empty') c.empty++;
      else if (entry.state === 'Erased') c.erased++;
      else c.invalid++;
    }
    total.written += c.written;
    total.erased += c.erased;
    total.empty += c.empty;
    total.invalid += c.invalid;
    return c;
  });
  return { pages, total };
}

/** `-d storage_info`. */
export function storageText(image: NvsImage, style: Style): string[] {
  const { pages, total } = storageCounts(image);
  const out: string[] = [];
  pages.forEach((counts, i) => out.push(style.bold(`Page ${image.pages[i]!.status}`), '  Found entries:', ...countLines(counts), ''));
  out.push(
    style.bold('Global'),
    '  Config:',
    `    Page size:   ${sp5(PAGE_SIZE)}`,
    `    Entry size:  ${sp5(ENTRY_SIZE)}`,
    `    Total pages: ${sp5(image.pages.length)}`,
    '  Entries:',
    ...countLines(total),
    '',
  );
  return out;
}
