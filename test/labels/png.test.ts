import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { defaultTemplatePath, loadLabelTemplate, renderLabel, renderPng, type LabelFields } from '../../src/main/labels/index.js';
import { decodeCode128, decodeQr, withMargin, type Pixels } from './decode.js';

const fields: LabelFields = { serial: 'WDG-2611-00042', mac: '24:0a:c4:12:34:56', product: 'ACME Widget rev C', job: 'widget', date: '2026-03-14', chip: 'esp32c3' };

const read = (png: Uint8Array): Pixels & { dpi: number } => {
  const image = PNG.sync.read(Buffer.from(png));
  const perMetre = Buffer.from(png).readUInt32BE(Buffer.from(png).indexOf('pHYs') + 4);
  return { width: image.width, height: image.height, data: new Uint8ClampedArray(image.data), dpi: Math.round(perMetre * 0.0254) };
};

describe('the PNG preview (one pixel a printer dot, pure JavaScript)', () => {
  it.each([203, 300, 600] as const)('is the label\'s size in dots and decodes to exactly the QR payload and the serial at %i dpi', (dpi) => {
    const label = renderLabel(loadLabelTemplate(defaultTemplatePath()), fields, { dpi });
    const image = read(renderPng(label.layout));
    expect([image.width, image.height, image.dpi]).toEqual([Math.round((50 * dpi) / 25.4), Math.round((25 * dpi) / 25.4), dpi]);
    const padded = withMargin(image, 40);
    expect(decodeQr(padded)).toBe('https://acme.example/d/WDG-2611-00042');
    expect(decodeCode128(padded)).toBe('WDG-2611-00042');
  });

  it('draws the text in ink and scales by whole pixels', () => {
    const label = renderLabel({ size: { width: 20, height: 5 }, dpi: 203, constants: {}, elements: [{ type: 'text', x: 1, y: 1, height: 3, text: '{serial}' }] }, fields);
    const once = read(renderPng(label.layout));
    const twice = read(renderPng(label.layout, { scale: 2 }));
    expect([twice.width, twice.height, twice.dpi]).toEqual([once.width * 2, once.height * 2, 406]);
    const dark = (image: Pixels) => image.data.filter((value, index) => index % 4 === 0 && value < 128).length;
    expect(dark(once)).toBeGreaterThan(200);
    expect(dark(twice) / dark(once)).toBeGreaterThan(3);
  });
});
