/** A 2-D symbol's modules, row by row: 1 is dark. */
export interface ModuleMatrix {
  columns: number;
  rows: number;
  modules: readonly number[];
}

/**
 * What the layout needs of a barcode library: the symbols as modules, so that
 * every output (ZPL, SVG, PDF) sizes them on the same grid of printer dots.
 */
export interface BarcodeEncoder {
  qr(data: string, errorCorrection: 'L' | 'M' | 'Q' | 'H'): ModuleMatrix;
  dataMatrix(data: string): ModuleMatrix;
  /** Code 128 as the widths, in modules, of bar, space, bar, … (start and stop codes included). */
  code128(data: string): readonly number[];
}
