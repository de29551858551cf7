import PDFDocument from 'pdfkit';
import { barcodeBoxes } from '../../shared/labels/barcode-boxes.js';
import type { LabelLayout } from '../../shared/labels/layout.js';
import { TEXT_BASELINE } from '../../shared/labels/svg.js';

const POINTS_PER_MM = 72 / 25.4;

/**
 * The label as a one-page PDF of the label's size: the same layout as the ZPL
 * and SVG, barcodes as filled rectangles, text in Helvetica Bold (WinAnsi
 * characters only: a PDF's standard fonts have no others). Same bytes for the same layout and date.
 */
export function renderPdf(layout: LabelLayout, options: { title: string; date: string }): Promise<Uint8Array> {
  const scale = 72 / layout.dpi;
  const doc = new PDFDocument({
    size: [layout.widthMm * POINTS_PER_MM, layout.heightMm * POINTS_PER_MM],
    margin: 0,
    info: { Title: options.title, Producer: 'Factory Bench', Creator: 'Factory Bench', CreationDate: new Date(`${options.date}T00:00:00Z`) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  for (const item of layout.items) {
    if (item.kind === 'text') {
      doc.font('Helvetica-Bold').fontSize(item.height * scale).fillColor('black');
      doc.text(item.text, item.x * scale, (item.y + item.height * TEXT_BASELINE) * scale, { lineBreak: false, baseline: 'alphabetic' });
      continue;
    }
    for (const [x, y, width, height] of barcodeBoxes(item)) doc.rect(x * scale, y * scale, width * scale, height * scale);
    doc.fill('black');
  }
  doc.end();
  return done;
}
