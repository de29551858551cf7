import { describe, expect, it } from 'vitest';
import { renderLabel, type LabelFields, type LabelTemplate } from '../../src/main/labels/index.js';
import { parseHostStatus, notReadyConditions } from '../../src/shared/labels/zebra-status.js';
import { hostStatusAnswer } from '../sim/zebra-printer.js';

const fields: LabelFields = { serial: 'SN_1^2~3', mac: '24:0a:c4:00:00:01', product: 'Widget', job: 'widget', date: '2026-03-14', chip: 'esp32c3' };

const templateOf = (elements: LabelTemplate['elements'], dpi: LabelTemplate['dpi'] = 203): LabelTemplate => ({ size: { width: 50, height: 25 }, dpi, constants: {}, elements });

describe('ZPL', () => {
  it('escapes ^ ~ and \\ in field data with ^FH hex escapes, and leaves plain data alone', () => {
    const label = renderLabel(
      templateOf([
        { type: 'text', x: 1, y: 1, height: 2, text: 'a^b~c\\d {serial}' },
        { type: 'text', x: 1, y: 4, height: 2, text: 'Grüße {mac}' },
      ]),
      fields,
    );
    expect(label.zpl.split('\n').slice(5, 7)).toEqual(['^FO8,8^A0N,16,16^FH\\^FDa\\5Eb\\7Ec\\5Cd SN_1\\5E2\\7E3^FS', '^FO8,32^A0N,16,16^FDGrüße 24:0a:c4:00:00:01^FS']);
  });

  it('writes DataMatrix with _ as its escape character (a _ in the data twice), QR with its level and input mode, Code 128 in automatic mode', () => {
    const label = renderLabel(
      templateOf([
        { type: 'datamatrix', x: 1, y: 1, size: 10, data: '{serial}' },
        { type: 'qr', x: 20, y: 1, size: 20, payload: '{mac_hex}', errorCorrection: 'H' },
        { type: 'code128', x: 1, y: 15, width: 40, height: 5, data: 'MAC {mac_hex}' },
      ]),
      fields,
    );
    // DataMatrix of 8 bytes: 14 x 14 modules in 80 dots: 5 dots each. QR of 12 bytes at H: version 2, 25 modules in 160 dots: 6.
    expect(label.zpl.split('\n').slice(5, 8)).toEqual([
      '^FO8,8^BXN,5,200,0,0,6,_^FH\\^FDSN__1\\5E2\\7E3^FS',
      '^FO160,8^BQN,2,6^FDHA,240ac4000001^FS',
      expect.stringMatching(/^\^FO8,120\^BY\d\^BCN,40,N,N,N,A\^FDMAC 240ac4000001\^FS$/),
    ]);
  });

  it('is the same byte for byte every time', () => {
    const template = templateOf([{ type: 'qr', x: 1, y: 1, size: 20, payload: 'https://acme.example/d/{serial}', errorCorrection: 'Q' }]);
    expect(renderLabel(template, fields).zpl).toBe(renderLabel(template, fields).zpl);
    expect(renderLabel(template, fields).svg).toBe(renderLabel(template, fields).svg);
  });

  it('refuses what cannot be printed: a Code 128 too long for its width, non-ASCII Code 128, an empty payload', () => {
    const serial = { ...fields, serial: 'ACME-2648-000123-EXTRA-LONG-SERIAL' };
    expect(() => renderLabel(templateOf([{ type: 'code128', x: 1, y: 1, width: 20, height: 5, data: '{serial}' }]), serial)).toThrow(
      /^elements\[0\]: the Code 128 of "ACME-2648-000123-EXTRA-LONG-SERIAL" needs \d+ modules, but only 160 dots are given: make it larger or hold less$/,
    );
    expect(() => renderLabel(templateOf([{ type: 'code128', x: 1, y: 1, width: 40, height: 5, data: 'Grüße' }]), fields)).toThrow('elements[0]: Code 128 holds printable ASCII, not "Grüße"');
    expect(() => renderLabel(templateOf([{ type: 'qr', x: 1, y: 1, size: 20, payload: '{chip}', errorCorrection: 'Q' }]), { ...fields, chip: '' })).toThrow("elements[0]: the QR code's payload is empty for this device");
  });
});

describe('SVG', () => {
  it('is the label\'s size in mm, drawn in printer dots, with the text escaped', () => {
    const svg = renderLabel(templateOf([{ type: 'text', x: 1, y: 1, height: 2, text: '<{product}> & "{job}"' }], 300), fields).svg;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="50mm" height="25mm" viewBox="0 0 590\.551 295\.276">/);
    expect(svg).toContain('<text x="12" y="30" font-size="24">&lt;Widget&gt; &amp; &quot;widget&quot;</text>');
  });
});

describe('~HS', () => {
  it('reads the documented fields of the three strings', () => {
    const status = parseHostStatus(hostStatusAnswer({ paused: true, headOpen: true, thermalTransfer: true }));
    expect(status).toMatchObject({ paperOut: false, paused: true, headOpen: true, ribbonOut: false, thermalTransfer: true, labelLength: 200, formatsInBuffer: 0 });
    expect(notReadyConditions(status)).toEqual(['head open', 'paused']);
    expect(() => parseHostStatus('\x02hello\x03\r\n\x02x\x03\x02y\x03')).toThrow(/^not a host status answer/);
  });
});
