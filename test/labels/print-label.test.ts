import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemplatePath, LabelError, loadLabelTemplate, printLabel, type Label, type LabelPrinter } from '../../src/main/labels/index.js';
import type { Ledger } from '../../src/main/ledger/index.js';
import { ledgerWithBoards, PROVISIONED_AT, scratch } from './fixtures.js';

/** A printer that keeps what it is given, or fails as told. */
class MemoryPrinter implements LabelPrinter {
  readonly where = 'memory';
  readonly labels: Label[] = [];
  failure: Error | undefined;
  constructor(readonly name = 'desk') {}
  async print(label: Label) {
    if (this.failure) throw this.failure;
    this.labels.push(label);
    return { where: this.where };
  }
}

const ledgers: Ledger[] = [];
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
});

function setUp(): { ledger: Ledger; printer: MemoryPrinter; clock: { now: Date } } {
  const clock = { now: PROVISIONED_AT };
  const ledger = ledgerWithBoards(join(scratch(), 'ledger.sqlite'), 3, { now: () => clock.now });
  ledgers.push(ledger);
  return { ledger, printer: new MemoryPrinter(), clock };
}

const template = () => loadLabelTemplate(defaultTemplatePath());

describe('printLabel', () => {
  it('records a reprint with who, when and why, in label_prints and the audit trail', async () => {
    const { ledger, printer, clock } = setUp();
    await printLabel({ ledger, term: 'ACME-000002', printer, template: template() });
    clock.now = new Date('2026-03-16T08:30:00Z');
    const again = await printLabel({ ledger, term: '24:0a:c4:00:00:02', printer, template: template(), reason: 'label torn at packing', operator: 'maria' });
    expect(again).toMatchObject({ serial: 'ACME-000002', reprint: true });
    const detail = ledger.queries.detail('ACME-000002')!;
    expect(detail.labelPrints.map(({ at, printer, operator, reason, reprint, status }) => ({ at, printer, operator, reason, reprint, status }))).toEqual([
      { at: PROVISIONED_AT.toISOString(), printer: 'desk', operator: 'tester@bench', reason: null, reprint: false, status: 'printed' },
      { at: '2026-03-16T08:30:00.000Z', printer: 'desk', operator: 'maria', reason: 'label torn at packing', reprint: true, status: 'printed' },
    ]);
    const events = detail.events.filter((event) => event.kind === 'label.printed');
    expect(events.at(-1)).toMatchObject({ at: '2026-03-16T08:30:00.000Z', data: { serial: 'ACME-000002', printer: 'desk', operator: 'maria', reprint: true, reason: 'label torn at packing' } });
    expect(printer.labels.map((label) => label.serial)).toEqual(['ACME-000002', 'ACME-000002']);
  });

  it('treats a second print as a reprint, which needs a reason: nothing printed or recorded without one', async () => {
    const { ledger, printer } = setUp();
    await printLabel({ ledger, term: 'ACME-000001', printer, template: template() });
    const error = (await printLabel({ ledger, term: 'ACME-000001', printer, template: template(), reason: '  ' }).catch((caught: unknown) => caught)) as LabelError;
    expect(error).toBeInstanceOf(LabelError);
    expect(error.code).toBe('reason-required');
    expect(error.message).toBe(`ACME-000001 already has a printed label (${PROVISIONED_AT.toISOString()} on desk by tester@bench): printing it again is a reprint, which needs a reason`);
    await expect(printLabel({ ledger, term: 'ACME-000003', printer, template: template(), reprint: true })).rejects.toThrow('a reprint of ACME-000003 needs a reason');
    expect(printer.labels).toHaveLength(1);
    expect(ledger.queries.detail('ACME-000001')!.labelPrints).toHaveLength(1);
  });

  it('a failed first print leaves the next print a first print', async () => {
    const { ledger, printer } = setUp();
    printer.failure = new Error('jammed');
    await expect(printLabel({ ledger, term: 'ACME-000001', printer, template: template() })).rejects.toThrow('jammed');
    printer.failure = undefined;
    expect(await printLabel({ ledger, term: 'ACME-000001', printer, template: template() })).toMatchObject({ reprint: false });
    expect(ledger.queries.detail('ACME-000001')!.labelPrints.map(({ status, error }) => [status, error])).toEqual([
      ['failed', 'jammed'],
      ['printed', null],
    ]);
  });

  it('fills the fields from the ledger and the job', async () => {
    const { ledger, printer } = setUp();
    const custom = { ...template(), elements: [{ type: 'text' as const, x: 1, y: 1, height: 2, text: '{product}|{job}|{date}|{chip}|{mac_hex}|{LINE}' }], constants: { LINE: 'A' } };
    await printLabel({ ledger, term: 'ACME-000003', printer, template: custom, constants: { LINE: 'B' } });
    expect(printer.labels[0]!.zpl).toContain('^FDACME Widget rev C|widget|2026-03-14|esp32c3|240ac4000003|B^FS');
  });

  it('refuses an unknown device and a voided one', async () => {
    const { ledger, printer } = setUp();
    await expect(printLabel({ ledger, term: 'ACME-999999', printer, template: template() })).rejects.toThrow(/^no device with serial or MAC "ACME-999999" in /);
    ledger.void(ledger.queries.find('ACME-000002')!.allocationId, 'scrapped');
    await expect(printLabel({ ledger, term: 'ACME-000002', printer, template: template() })).rejects.toThrow('ACME-000002 was voided (scrapped): its label is not printed again');
    expect(printer.labels).toEqual([]);
  });

  it('lays the label out at the printer\'s resolution', async () => {
    const { ledger } = setUp();
    const printer = Object.assign(new MemoryPrinter(), { dpi: 300 as const });
    await printLabel({ ledger, term: 'ACME-000001', printer, template: template() });
    expect(printer.labels[0]!.zpl).toMatch(/^\^PW591$/m);
    expect(printer.labels[0]!.zpl).toContain('^FO24,24^A0N,35,35^FDS/N ACME-000001^FS');
  });
});
