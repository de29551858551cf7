import type { BarcodeEncoder, ModuleMatrix } from './barcodes.js';
import { placeholderValues, type LabelFields } from './fields.js';
import { fillPlaceholders } from './placeholders.js';
import type { LabelElement, LabelTemplate } from './template-schema.js';
import { mmToDots, mmToDotsExact, type Dpi } from './units.js';

/** A laid-out field; positions and sizes in printer dots. */
export type LayoutItem =
  | { kind: 'text'; x: number; y: number; height: number; text: string }
  | { kind: 'qr'; x: number; y: number; module: number; errorCorrection: 'L' | 'M' | 'Q' | 'H'; data: string; matrix: ModuleMatrix }
  | { kind: 'datamatrix'; x: number; y: number; module: number; data: string; matrix: ModuleMatrix }
  | { kind: 'code128'; x: number; y: number; module: number; height: number; data: string; bars: readonly number[] };

/** One device's label, ready for any output: everything on the printer's grid of dots. */
export interface LabelLayout {
  dpi: Dpi;
  widthMm: number;
  heightMm: number;
  /** The label's exact size in dots (not rounded), for drawings. */
  width: number;
  height: number;
  items: LayoutItem[];
}

/** A field that cannot be drawn with this device's values: which element, and why. */
export class LabelLayoutError extends Error {
  override readonly name = 'LabelLayoutError';
  constructor(
    message: string,
    readonly element: number,
  ) {
    super(`elements[${element}]: ${message}`);
  }
}

const ZPL_QR_MAX_MAGNIFICATION = 10;
const ZPL_BAR_MAX_MODULE = 10;

/** The module size, in whole dots, that fits `modules` into `dots`; refuses when not even one dot fits. */
function moduleDots(dots: number, modules: number, index: number, what: string, limit = Infinity): number {
  const size = Math.min(Math.floor(dots / modules), limit);
  if (size < 1) throw new LabelLayoutError(`${what} needs ${modules} modules, but only ${dots} dots are given: make it larger or hold less`, index);
  return size;
}

function layoutElement(element: LabelElement, index: number, values: Record<string, string>, dpi: Dpi, encoder: BarcodeEncoder): LayoutItem {
  const x = mmToDots(element.x, dpi);
  const y = mmToDots(element.y, dpi);
  switch (element.type) {
    case 'text':
      return { kind: 'text', x, y, height: Math.max(1, mmToDots(element.height, dpi)), text: fillPlaceholders(element.text, values) };
    case 'qr': {
      const data = fillPlaceholders(element.payload, values);
      if (!data) throw new LabelLayoutError('the QR code\'s payload is empty for this device', index);
      const matrix = encoder.qr(data, element.errorCorrection);
      const module = moduleDots(mmToDots(element.size, dpi), matrix.columns, index, 'the QR code', ZPL_QR_MAX_MAGNIFICATION);
      return { kind: 'qr', x, y, module, errorCorrection: element.errorCorrection, data, matrix };
    }
    case 'datamatrix': {
      const data = fillPlaceholders(element.data, values);
      if (!data) throw new LabelLayoutError('the DataMatrix\'s data is empty for this device', index);
      const matrix = encoder.dataMatrix(data);
      return { kind: 'datamatrix', x, y, module: moduleDots(mmToDots(element.size, dpi), matrix.columns, index, 'the DataMatrix'), data, matrix };
    }
    case 'code128': {
      const data = fillPlaceholders(element.data, values);
      if (!/^[\x20-\x7e]+$/.test(data)) throw new LabelLayoutError(`Code 128 holds printable ASCII, not ${JSON.stringify(data)}`, index);
      const bars = encoder.code128(data);
      const modules = bars.reduce((sum, width) => sum + width, 0);
      const module = moduleDots(mmToDots(element.width, dpi), modules, index, `the Code 128 of "${data}"`, ZPL_BAR_MAX_MODULE);
      return { kind: 'code128', x, y, module, height: Math.max(1, mmToDots(element.height, dpi)), data, bars };
    }
  }
}

/** Lays a template out for one device at a printer's resolution (the template's own by default). */
export function layoutLabel(template: LabelTemplate, fields: LabelFields, encoder: BarcodeEncoder, options: { dpi?: Dpi; constants?: Readonly<Record<string, string>> } = {}): LabelLayout {
  const dpi = options.dpi ?? template.dpi;
  const values = placeholderValues(fields, { ...template.constants, ...options.constants });
  return {
    dpi,
    widthMm: template.size.width,
    heightMm: template.size.height,
    width: mmToDotsExact(template.size.width, dpi),
    height: mmToDotsExact(template.size.height, dpi),
    items: template.elements.map((element, index) => layoutElement(element, index, values, dpi, encoder)),
  };
}
