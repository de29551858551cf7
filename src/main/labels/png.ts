import bwipjs from 'bwip-js/node';
import { barcodeBoxes } from '../../shared/labels/barcode-boxes.js';
import type { LabelLayout, LayoutItem } from '../../shared/labels/layout.js';
import { TEXT_BASELINE } from '../../shared/labels/svg.js';
import { encodeGreyPng } from './png-encode.js';

/** bwip-js's OCR-B: the one outline font at hand without a font file (the printer's own font 0 looks different). */
const FONT = bwipjs.FontLib.lookup('OCR-B');
/** OCR-B is wide; drawn narrower it takes about the room of the printer's condensed font 0. */
const CONDENSED = 0.75;

class Raster {
  readonly pixels: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  fill(x: number, y: number, width: number, height: number): void {
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      this.pixels.fill(0, row * this.width + Math.max(0, x), row * this.width + Math.min(this.width, x + width));
    }
  }

  /** Darkens a pixel by `ink` (0–255), as glyphs are anti-aliased. */
  ink(x: number, y: number, ink: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || ink === 0) return;
    const at = y * this.width + x;
    this.pixels[at] = Math.min(this.pixels[at]!, 255 - ink);
  }
}

function drawText(raster: Raster, item: Extract<LayoutItem, { kind: 'text' }>, scale: number): void {
  const size = item.height * scale;
  const width = Math.round(size * CONDENSED);
  const baseline = Math.round((item.y + item.height * TEXT_BASELINE) * scale);
  let pen = item.x * scale;
  for (const char of item.text) {
    const glyph = bwipjs.FontLib.getglyph(FONT, char.codePointAt(0)!, width, size);
    for (let y = 0; y < glyph.height; y++) {
      for (let x = 0; x < glyph.width; x++) raster.ink(pen + glyph.left + x, baseline - glyph.top + y, glyph.bytes[glyph.offset + y * glyph.width + x]!);
    }
    pen += glyph.advance;
  }
}

/**
 * The label as a PNG, one pixel a printer dot (times `scale`): barcodes
 * exactly as the printer places them, text in OCR-B. Pure JavaScript.
 */
export function renderPng(layout: LabelLayout, options: { scale?: number } = {}): Uint8Array {
  const scale = Math.max(1, Math.trunc(options.scale ?? 1));
  const raster = new Raster(Math.round(layout.width) * scale, Math.round(layout.height) * scale);
  for (const item of layout.items) {
    if (item.kind === 'text') drawText(raster, item, scale);
    else for (const [x, y, width, height] of barcodeBoxes(item)) raster.fill(x * scale, y * scale, width * scale, height * scale);
  }
  return encodeGreyPng(raster.pixels, raster.width, raster.height, layout.dpi * scale);
}
