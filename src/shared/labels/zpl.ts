import type { LabelLayout, LayoutItem } from './layout.js';
import { zplFieldData } from './zpl-field.js';

/** `_` is our DataMatrix escape character (^BX parameter g); a `_` in the data is written twice. */
const DATAMATRIX_ESCAPE = '_';

function field(item: LayoutItem): string {
  const origin = `^FO${item.x},${item.y}`;
  switch (item.kind) {
    case 'text':
      return `${origin}^A0N,${item.height},${item.height}${zplFieldData(item.text)}`;
    case 'qr':
      // Model 2; the error correction level and automatic input mode lead the data ("QA,").
      return `${origin}^BQN,2,${item.module}${zplFieldData(`${item.errorCorrection}A,${item.data}`)}`;
    case 'datamatrix':
      return `${origin}^BXN,${item.module},200,0,0,6,${DATAMATRIX_ESCAPE}${zplFieldData(item.data.replaceAll(DATAMATRIX_ESCAPE, DATAMATRIX_ESCAPE.repeat(2)))}`;
    case 'code128':
      // Automatic mode (A): the printer picks the subsets, and every printable ASCII character means itself.
      return `${origin}^BY${item.module}^BCN,${item.height},N,N,N,A${zplFieldData(item.data)}`;
  }
}

/** The label as a ZPL II format, byte for byte the same for the same layout. UTF-8 (^CI28). */
export function renderZpl(layout: LabelLayout): string {
  return [
    '^XA',
    '^CI28',
    `^PW${Math.round(layout.width)}`,
    `^LL${Math.round(layout.height)}`,
    '^LH0,0',
    ...layout.items.map(field),
    '^XZ',
    '',
  ].join('\n');
}
