import { describe, expect, it } from 'vitest';
import { needsReason, printAdvice, printedBefore, sizeText, svgDataUrl, withoutCallName } from '../../src/renderer/src/labels/print-words';

describe("a print's words", () => {
  it("drops the call's name main puts in front", () => {
    expect(withoutCallName('labels.print: printer "z" is offline')).toBe('printer "z" is offline');
    expect(withoutCallName('nothing in front')).toBe('nothing in front');
  });

  it('knows a refused reprint', () => {
    expect(needsReason('FB-1 already has a printed label (…): printing it again is a reprint, which needs a reason')).toBe(true);
    expect(needsReason('a reprint of FB-1 needs a reason')).toBe(true);
    expect(needsReason('paper out')).toBe(false);
  });

  it('says what to do at the printer', () => {
    expect(printAdvice('printer "z" (10.0.0.5:9100) cannot print: paper out')).toBe('Load labels into the printer, then print again.');
    expect(printAdvice('printer "z" (10.0.0.5:9100) cannot print: head open')).toBe('Close the print head, then print again.');
    expect(printAdvice('printer "z" at 10.0.0.5:9100 is offline or unreachable: connect ECONNREFUSED')).toMatch(/does not answer/);
    expect(printAdvice('FB-1 was voided (cracked): its label is not printed again')).toMatch(/never printed again/);
    expect(printAdvice('something new')).toBeUndefined();
  });

  it('writes sizes and data URLs', () => {
    expect(sizeText(50, 25)).toBe('50 × 25 mm');
    expect(sizeText(101.6, 50.8)).toBe('101.6 × 50.8 mm');
    expect(svgDataUrl('<svg a="#"/>')).toBe('data:image/svg+xml;charset=utf-8,%3Csvg%20a%3D%22%23%22%2F%3E');
  });
});

describe('printed before', () => {
  const print = { status: 'printed' };
  it("counts the ledger's label.printed events for this serial", () => {
    const events = [{ kind: 'label.printed', data: { serial: 'FB-1' } }];
    expect(printedBefore({ identities: [{ serial: 'FB-1' }, { serial: 'FB-2' }], labelPrints: [print], events }, 'FB-1')).toBe(true);
    expect(printedBefore({ identities: [{ serial: 'FB-1' }, { serial: 'FB-2' }], labelPrints: [print], events }, 'FB-2')).toBe(false);
  });

  it('without events, the prints of a device with one identity', () => {
    expect(printedBefore({ identities: [{ serial: 'FB-1' }], labelPrints: [print], events: [] }, 'FB-1')).toBe(true);
    expect(printedBefore({ identities: [{ serial: 'FB-1' }], labelPrints: [{ status: 'failed' }], events: [] }, 'FB-1')).toBe(false);
    expect(printedBefore({ identities: [{ serial: 'FB-1' }, { serial: 'FB-2' }], labelPrints: [print], events: [] }, 'FB-2')).toBe(false);
  });
});
