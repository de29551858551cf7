import type { LabelLayout, LayoutItem } from './layout.js';
import { barcodeBoxes } from './barcode-boxes.js';
import { replaceControlCharacters } from '../text/control-characters.js';

/** Where a text's baseline sits below its top, as a share of its height (close to ZPL's font 0 and the PDF's Helvetica). */
export const TEXT_BASELINE = 0.75;
/** The font of the preview: a bold condensed sans serif, as the printers' font 0 is. */
const FONT_FAMILY = 'Arial Narrow, Liberation Sans Narrow, DejaVu Sans Condensed, Helvetica, Arial, sans-serif';

const number = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(3).replace(/\.?0+$/, ''));
const escapeXml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]!};`);
// XML 1.0 allows no control characters but tab, newline and carriage return.
/** XML 1.0 allows no control characters but tab, line feed and carriage return. */
const printable = (text: string): string => replaceControlCharacters(text, '\ufffd', '\t\n\r');

function element(item: LayoutItem): string {
  switch (item.kind) {
    case 'text':
      return `<text x="${item.x}" y="${number(item.y + item.height * TEXT_BASELINE)}" font-size="${item.height}">${escapeXml(printable(item.text))}</text>`;
    default:
      return `<path data-kind="${item.kind}" d="${barcodeBoxes(item)
        .map(([x, y, width, height]) => `M${x} ${y}h${width}v${height}h${-width}z`)
        .join('')}"/>`;
  }
}

/**
 * The label as SVG, the size of the label in millimetres, drawn in printer
 * dots: the preview shows the barcodes module for module as the printer prints them.
 */
export function renderSvg(layout: LabelLayout): string {
  const width = number(layout.width);
  const height = number(layout.height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${number(layout.widthMm)}mm" height="${number(layout.heightMm)}mm" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<g fill="#000" shape-rendering="crispEdges" font-family="${escapeXml(FONT_FAMILY)}" font-weight="bold">`,
    ...layout.items.map(element),
    '</g>',
    '</svg>',
    '',
  ].join('\n');
}
