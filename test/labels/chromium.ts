import type { Browser } from 'playwright-core';
import { PNG } from 'pngjs';
import type { Pixels } from './decode.js';

/** Draws an SVG in Chromium at `scale` device pixels per CSS pixel, with a white margin (the quiet zone), and returns the screenshot's pixels. */
export async function screenshotSvg(browser: Browser, svg: string, scale: number): Promise<Pixels> {
  const context = await browser.newContext({ deviceScaleFactor: scale });
  try {
    const page = await context.newPage();
    await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff"><div id="label" style="display:inline-block;padding:40px;background:#fff;line-height:0">${svg}</div></body></html>`);
    const png = PNG.sync.read(await page.locator('#label').screenshot({ type: 'png' }));
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
  } finally {
    await context.close();
  }
}
