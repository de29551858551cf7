import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultTemplatePath, loadLabelTemplate, printLabel, PrinterError, ZebraPrinter, type LabelPrinter } from '../../src/main/labels/index.js';
import type { Ledger } from '../../src/main/ledger/index.js';
import { startFakeZebra, type FakeZebra, type FakeZebraOptions } from '../sim/zebra-printer.js';
import { ledgerWithBoards, scratch } from './fixtures.js';

// The default template (50 x 25 mm at 203 dpi, 8 dots/mm) for ACME-000001, written out by hand:
// positions are mm x 203 / 25.4 rounded; the QR payload (34 bytes) needs version 4 at level Q,
// 33 modules, so 3 dots a module fit in 13 mm (104 dots); ACME-000001 is 134 Code 128 modules, 2 dots each fit in 46 mm.
const EXPECTED_ZPL = [
  '^XA',
  '^CI28',
  '^PW400',
  '^LL200',
  '^LH0,0',
  '^FO16,16^A0N,24,24^FDS/N ACME-000001^FS',
  '^FO16,48^A0N,20,20^FDMAC 24:0a:c4:00:00:01^FS',
  '^FO280,12^BQN,2,3^FDQA,https://acme.example/d/ACME-000001^FS',
  '^FO16,128^BY2^BCN,56,N,N,N,A^FDACME-000001^FS',
  '^XZ',
  '',
].join('\n');

const printers: FakeZebra[] = [];
const ledgers: Ledger[] = [];
afterEach(async () => {
  for (const ledger of ledgers.splice(0)) ledger.close();
  for (const printer of printers.splice(0)) await printer.close();
});

async function setUp(options: FakeZebraOptions = {}): Promise<{ fake: FakeZebra; ledger: Ledger; printer: ZebraPrinter }> {
  const fake = await startFakeZebra(options);
  printers.push(fake);
  const ledger = ledgerWithBoards(join(scratch(), 'ledger.sqlite'));
  ledgers.push(ledger);
  const printer = new ZebraPrinter({ name: 'line-1', host: fake.host, port: fake.port, connectTimeoutMs: 1000, statusTimeoutMs: 500, sendTimeoutMs: 2000 });
  return { fake, ledger, printer };
}

const print = (ledger: Ledger, printer: LabelPrinter, term = 'ACME-000001') => printLabel({ ledger, term, printer, template: loadLabelTemplate(defaultTemplatePath()) });

const prints = (ledger: Ledger, serial = 'ACME-000001') => ledger.queries.detail(serial)!.labelPrints.map(({ status, printer, reprint, error }) => ({ status, printer, reprint, error }));

describe('a Zebra printer on TCP port 9100', () => {
  it('asks ~HS first, then gets exactly the label\'s ZPL, and the print is recorded', async () => {
    const { fake, ledger, printer } = await setUp();
    const result = await print(ledger, printer, '24-0A-C4-00-00-01');
    expect(fake.statusRequests).toBe(1);
    expect(fake.jobs).toEqual([EXPECTED_ZPL]);
    expect(result).toMatchObject({ serial: 'ACME-000001', reprint: false, where: `127.0.0.1:${fake.port}` });
    expect(prints(ledger)).toEqual([{ status: 'printed', printer: 'line-1', reprint: false, error: null }]);
  });

  it.each([
    ['paper out', { paperOut: true }],
    ['head open', { headOpen: true }],
    ['paused', { paused: true }],
    ['ribbon out', { ribbonOut: true, thermalTransfer: true }],
    ['receive buffer full', { bufferFull: true }],
  ])('refuses to print when the printer says %s, and records only a failed attempt', async (words, status) => {
    const { fake, ledger, printer } = await setUp({ status });
    const error = await print(ledger, printer).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PrinterError);
    expect((error as PrinterError).condition).toBe('not-ready');
    expect((error as Error).message).toBe(`printer "line-1" (127.0.0.1:${fake.port}) cannot print: ${words}`);
    expect(fake.jobs).toEqual([]);
    expect(prints(ledger)).toEqual([{ status: 'failed', printer: 'line-1', reprint: false, error: (error as Error).message }]);
  });

  it('names every condition at once', async () => {
    const { ledger, printer } = await setUp({ status: { paperOut: true, headOpen: true, paused: true } });
    await expect(print(ledger, printer)).rejects.toThrow(/cannot print: paper out, head open, paused$/);
  });

  it('ignores the ribbon sensor when printing direct thermal', async () => {
    const { fake, ledger, printer } = await setUp({ status: { ribbonOut: true, thermalTransfer: false } });
    await print(ledger, printer);
    expect(fake.jobs).toEqual([EXPECTED_ZPL]);
  });

  it('says so when the printer is unreachable', async () => {
    const { fake, ledger } = await setUp();
    await fake.close();
    const printer = new ZebraPrinter({ name: 'line-1', host: fake.host, port: fake.port, connectTimeoutMs: 1000 });
    const error = (await print(ledger, printer).catch((caught: unknown) => caught)) as PrinterError;
    expect(error.condition).toBe('unreachable');
    expect(error.message).toBe(`printer "line-1" at 127.0.0.1:${fake.port} is offline or unreachable: connection refused`);
    expect(error.hint).toMatch(/check that the printer is on/);
    expect(prints(ledger).map((row) => row.status)).toEqual(['failed']);
  });

  it('gives up on a printer that does not answer ~HS (a Zebra with its media out stays silent)', async () => {
    const { fake, ledger, printer } = await setUp({ answerStatus: false });
    const started = Date.now();
    const error = (await print(ledger, printer).catch((caught: unknown) => caught)) as PrinterError;
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error.condition).toBe('no-status');
    expect(error.message).toBe(`printer "line-1" (127.0.0.1:${fake.port}) is not ready: no answer to the status request (~HS) within 0.5 s`);
    expect(error.hint).toMatch(/out of paper or ribbon/);
    expect(fake.statusRequests).toBe(1);
    expect(fake.jobs).toEqual([]);
    expect(prints(ledger).map((row) => row.status)).toEqual(['failed']);
  });

  it('reads the printer\'s status', async () => {
    const { printer, fake } = await setUp({ status: { paperOut: true, thermalTransfer: true } });
    expect(await printer.status()).toMatchObject({ paperOut: true, paused: false, headOpen: false, thermalTransfer: true, labelLength: 200 });
    expect(fake.jobs).toEqual([]);
  });
});
