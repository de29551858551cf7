import { ENTRIES_PER_PAGE } from '../layout.js';
import { isAllFF } from './bytes.js';
import { KNOWN_PAGE_STATES } from './names.js';
import { blobId, type CheckContext, entryPlace, hex8, problem } from './problem.js';
import type { NvsEntry, NvsPage } from './types.js';

const CORRUPT_MARKS: ReadonlySet<number> = new Set([0xfffffff0, 0x00000000]);

/** The checks of one page and its entries; also gathers what the later, image-wide checks need. */
export function checkPage(page: NvsPage, ctx: CheckContext): void {
  const where = `page ${page.index} (at 0x${page.address.toString(16)})`;
  if (page.status === 'Empty') {
    if (!isAllFF(page.bitmap)) {
      ctx.problems.push(problem('error', { code: 'empty-page-bitmap' }, `${where} is marked empty but its entry state bitmap is not all 0xFF`, page.index));
    }
    if (page.entries.some((entry) => !entry.isEmpty)) {
      ctx.problems.push(problem('error', { code: 'empty-page-data' }, `${where} is marked empty but holds data`, page.index));
    }
  } else if (page.crc.original !== page.crc.computed) {
    const { original, computed } = page.crc;
    ctx.problems.push(
      problem('error', { code: 'page-header-crc', original, computed }, `${where}: the header CRC is ${hex8(original)} but the header gives ${hex8(computed)}`, page.index),
    );
  }
  if (!KNOWN_PAGE_STATES.has(page.state)) {
    const message = `${where} has the state ${hex8(page.state)}, which is not a page state the firmware writes`;
    ctx.problems.push(problem('error', { code: 'page-state', state: page.state }, message, page.index));
  } else if (CORRUPT_MARKS.has(page.state)) {
    const message = `${where} has the state ${hex8(page.state)}: the firmware marked it corrupt`;
    ctx.problems.push(problem('warning', { code: 'page-state', state: page.state }, message, page.index));
  }
  for (const entry of page.entries) checkEntry(entry, ctx);
}

function checkEntry(entry: NvsEntry, ctx: CheckContext): void {
  const { problems } = ctx;
  const slot = `page ${entry.page} entry ${entry.index}`;
  if (entry.state === 'Invalid') {
    problems.push(problem('error', { code: 'entry-state-invalid' }, `${slot} has the invalid state 0b01 in the entry state bitmap`, entry));
  }
  if (entry.state === 'Written') ctx.written.push(entry);
  if (entry.isEmpty) {
    if (entry.state === 'Written') {
      problems.push(problem('error', { code: 'written-entry-blank' }, `${slot} is marked written but is blank (all 0xFF)`, entry));
      return;
    }
    if (entry.state === 'Erased') {
      problems.push(problem('warning', { code: 'erased-entry-blank' }, `${slot} is marked erased but is blank (all 0xFF): only empty entries should be blank`, entry));
    }
  }
  if (entry.state !== 'Written') return;

  const place = entryPlace(entry);
  const { original, computed, dataOriginal, dataComputed } = entry.crc;
  if (original !== computed) {
    problems.push(problem('error', { code: 'entry-crc', original, computed }, `${place}: the entry CRC is ${hex8(original)} but its bytes give ${hex8(computed)}`, entry));
  }
  if (entry.span > 1 && dataOriginal !== dataComputed) {
    problems.push(
      problem('error', { code: 'data-crc', original: dataOriginal, computed: dataComputed }, `${place}: the data CRC is ${hex8(dataOriginal)} but the data gives ${hex8(dataComputed)}`, entry),
    );
  }
  if (!entry.knownType) {
    problems.push(problem('error', { code: 'unknown-type', type: entry.typeCode }, `${place}: unknown type ${entry.typeName}`, entry));
  }
  if (entry.index + entry.span - 1 >= ENTRIES_PER_PAGE) {
    problems.push(problem('error', { code: 'span-out-of-bounds', span: entry.span }, `${place}: its span of ${entry.span} slots runs past the end of the page`, entry));
  } else if (entry.span > 1) {
    for (const child of entry.children) {
      if (child.state !== entry.state) {
        problems.push(
          problem(
            'error',
            { code: 'data-state', slot: child.index, slotState: child.state },
            `${place}: its data slot ${child.index} is ${child.state}, not ${entry.state} like the entry`,
            entry,
          ),
        );
      }
    }
  }
  gather(entry, ctx);
}

function gather(entry: NvsEntry, ctx: CheckContext): void {
  if (entry.typeName === 'blob_index') ctx.blobIndexes.set(blobId(entry), entry);
  else if (entry.typeName === 'blob_data') ctx.blobChunks.push(entry);
  if (entry.nsIndex !== 0) {
    if (!ctx.usedNamespaces.has(entry.nsIndex)) ctx.usedNamespaces.set(entry.nsIndex, entry);
    return;
  }
  if (entry.data.kind === 'primitive') ctx.definedNamespaces.set(Number(entry.data.value), entry);
  if (entry.typeName !== 'uint8_t') {
    ctx.problems.push(
      problem(
        'error',
        { code: 'bad-namespace-entry' },
        `${entryPlace(entry)}: an entry in namespace 0 defines a namespace and must be a uint8_t, this one is ${entry.typeName}`,
        entry,
      ),
    );
  }
}
