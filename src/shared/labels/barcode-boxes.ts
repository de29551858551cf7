import type { ModuleMatrix } from './barcodes.js';
import type { LayoutItem } from './layout.js';

/** A dark rectangle in dots: x, y, width, height. */
export type Box = readonly [number, number, number, number];

/** A 2-D symbol's dark modules, each run along a row as one rectangle. */
function matrixBoxes(matrix: ModuleMatrix, x: number, y: number, module: number): Box[] {
  const boxes: Box[] = [];
  for (let row = 0; row < matrix.rows; row++) {
    let start = -1;
    for (let column = 0; column <= matrix.columns; column++) {
      const dark = column < matrix.columns && matrix.modules[row * matrix.columns + column] === 1;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        boxes.push([x + start * module, y + row * module, (column - start) * module, module]);
        start = -1;
      }
    }
  }
  return boxes;
}

/** A 1-D symbol's bars (widths of bar, space, bar, … in modules). */
function barBoxes(bars: readonly number[], x: number, y: number, module: number, height: number): Box[] {
  const boxes: Box[] = [];
  let at = x;
  bars.forEach((width, index) => {
    if (index % 2 === 0) boxes.push([at, y, width * module, height]);
    at += width * module;
  });
  return boxes;
}

/** A barcode as the rectangles a drawing fills: the SVG and the PDF draw the same ones. */
export function barcodeBoxes(item: Exclude<LayoutItem, { kind: 'text' }>): Box[] {
  return item.kind === 'code128' ? barBoxes(item.bars, item.x, item.y, item.module, item.height) : matrixBoxes(item.matrix, item.x, item.y, item.module);
}
