import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultTemplatePath, loadLabelTemplate, renderLabel, type LabelFields } from '../../src/main/labels/index.js';
import { CHROMIUM_SKIP, closeChromium, sharedChromium } from '../helpers/chromium.js';
import { screenshotSvg } from './chromium.js';
import { decodeCode128, decodeQr } from './decode.js';

const fields: LabelFields = { serial: 'WDG-2611-00042', mac: '24:0a:c4:12:34:56', product: 'ACME Widget rev C', job: 'widget', date: '2026-03-14', chip: 'esp32c3' };

if (CHROMIUM_SKIP) console.warn(`skipped: ${CHROMIUM_SKIP}`);

describe.skipIf(CHROMIUM_SKIP !== undefined)('the SVG preview, drawn by Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedChromium();
  });
  afterAll(closeChromium);

  it.each([203, 300, 600] as const)('decodes to exactly the QR payload and the serial (the default template at %i dpi)', async (dpi) => {
    const label = renderLabel(loadLabelTemplate(defaultTemplatePath()), fields, { dpi });
    const pixels = await screenshotSvg(browser, label.svg, 4);
    expect(decodeQr(pixels)).toBe('https://acme.example/d/WDG-2611-00042');
    expect(decodeCode128(pixels)).toBe('WDG-2611-00042');
  });
});
