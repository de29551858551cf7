import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Ledger } from '../../src/main/ledger/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startFakeZebra, type FakeZebra } from '../sim/zebra-printer.js';
import { ledgerFile, scratch } from './fixtures.js';

const fakes: FakeZebra[] = [];
afterEach(async () => {
  for (const fake of fakes.splice(0)) await fake.close();
});

function labelPrints(file: string, serial: string) {
  const ledger = Ledger.open(file, { readonly: true });
  try {
    return ledger.queries.detail(serial)!.labelPrints;
  } finally {
    ledger.close();
  }
}

describe('factory-bench label preview', () => {
  it('writes the label as ZPL, SVG, PDF and PNG', async () => {
    const folder = scratch();
    ledgerFile(folder);
    for (const out of ['label.zpl', 'label.svg', 'label.pdf', 'label.png']) {
      const result = await runCli(['label', 'preview', '24:0A:C4:00:00:02', '--out', out, '--ledger', 'ledger.sqlite'], folder);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe(`label preview: the label of ACME-000002 (MAC 24:0a:c4:00:00:02) written to ${out}\n`);
    }
    expect(readFileSync(join(folder, 'label.zpl'), 'utf8')).toContain('^FO16,128^BY2^BCN,56,N,N,N,A^FDACME-000002^FS\n^XZ\n');
    expect(readFileSync(join(folder, 'label.svg'), 'utf8')).toMatch(/^<svg [^>]*width="50mm" height="25mm"/);
    expect(readFileSync(join(folder, 'label.png')).subarray(1, 4).toString()).toBe('PNG');
    const pdf = readFileSync(join(folder, 'label.pdf'));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // One page of 50 x 25 mm, in points.
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 141\.73\d* 70\.86\d*\]/);
    // The same bytes every time (the creation date is the label's date).
    await runCli(['label', 'preview', 'ACME-000002', '--out', 'again.pdf', '--ledger', 'ledger.sqlite'], folder);
    expect(readFileSync(join(folder, 'again.pdf')).equals(pdf)).toBe(true);
  });

  it('leaves nothing behind on error', async () => {
    const folder = scratch();
    ledgerFile(folder);
    writeFileSync(join(folder, 'bad.json'), '{"size": {"width": 50, "height": 25}, "dpi": 203, "elements": [{"type": "code128", "x": 1, "y": 1, "width": 5, "height": 5, "data": "{serial}"}]}');
    const before = readdirSync(folder).sort();
    const unknown = await runCli(['label', 'preview', 'ACME-000009', '--out', 'label.svg', '--ledger', 'ledger.sqlite'], folder);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^factory-bench label preview: error: no device with serial or MAC "ACME-000009" in .*ledger\.sqlite\nhint: /);
    const tooNarrow = await runCli(['label', 'preview', 'ACME-000001', '--out', 'label.pdf', '--template', 'bad.json', '--ledger', 'ledger.sqlite'], folder);
    expect(tooNarrow.code).toBe(1);
    expect(tooNarrow.stderr).toMatch(/error: the label cannot be laid out: elements\[0\]: the Code 128 of "ACME-000001" needs 134 modules, but only 40 dots are given/);
    const badTemplate = await runCli(['label', 'preview', 'ACME-000001', '--out', 'label.svg', '--template', 'ledger.sqlite', '--ledger', 'ledger.sqlite'], folder);
    expect(badTemplate.code).toBe(1);
    expect(badTemplate.stderr).toMatch(/error: .*ledger\.sqlite:1:1: /);
    const noFolder = await runCli(['label', 'preview', 'ACME-000001', '--out', 'missing/label.zpl', '--ledger', 'ledger.sqlite'], folder);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/error: cannot write missing\/label\.zpl: ENOENT/);
    const gif = await runCli(['label', 'preview', 'ACME-000001', '--out', 'label.gif', '--ledger', 'ledger.sqlite'], folder);
    expect(gif.code).toBe(2);
    expect(gif.stderr).toContain('--out label.gif: the extension says the format: .svg, .pdf, .zpl or .png');
    expect(readdirSync(folder).filter((name) => !name.startsWith('ledger.sqlite')).sort()).toEqual(before.filter((name) => !name.startsWith('ledger.sqlite')));
  });
});

describe('factory-bench label print', () => {
  it('prints to a PDF printer, and a reprint needs --reason', async () => {
    const folder = scratch();
    const file = ledgerFile(folder);
    mkdirSync(join(folder, 'out'));
    writeFileSync(join(folder, 'printers.json'), JSON.stringify({ archive: { kind: 'pdf', dir: 'out' } }));
    const first = await runCli(['label', 'print', 'ACME-000001', '--printers', 'printers.json', '--ledger', 'ledger.sqlite'], folder);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(`label print: printed ACME-000001 (MAC 24:0a:c4:00:00:01) on archive: ${join(folder, 'out', 'ACME-000001.pdf')}\n`);
    const refused = await runCli(['label', 'print', 'ACME-000001', '--printers', 'printers.json', '--ledger', 'ledger.sqlite'], folder);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/error: ACME-000001 already has a printed label \(.* on archive by .*\): printing it again is a reprint, which needs a reason\nhint: say why, e\.g\. --reason/);
    const again = await runCli(['label', 'print', 'ACME-000001', '--printer', 'archive', '--printers', 'printers.json', '--reason', 'smudged', '--ledger', 'ledger.sqlite'], folder);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain('reprinted ACME-000001');
    expect(readdirSync(join(folder, 'out')).sort()).toEqual(['ACME-000001-2.pdf', 'ACME-000001.pdf']);
    expect(labelPrints(file, 'ACME-000001').map(({ reprint, reason, status }) => ({ reprint, reason, status }))).toEqual([
      { reprint: false, reason: null, status: 'printed' },
      { reprint: true, reason: 'smudged', status: 'printed' },
    ]);
    const shown = await runCli(['ledger', 'show', 'ACME-000001', '--ledger', 'ledger.sqlite'], folder);
    expect(shown.stdout).toMatch(/reprint {2}printed {2}archive {2}by \S+: smudged/);
  });

  it('prints on a Zebra: ~HS, then the label\'s ZPL', async () => {
    const folder = scratch();
    const file = ledgerFile(folder);
    const fake = await startFakeZebra();
    fakes.push(fake);
    writeFileSync(join(folder, 'printers.json'), JSON.stringify({ 'line-1': { kind: 'zebra', host: fake.host, port: fake.port } }));
    const result = await runCli(['label', 'print', '240ac4000002', '--printers', 'printers.json', '--ledger', 'ledger.sqlite'], folder);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`label print: printed ACME-000002 (MAC 24:0a:c4:00:00:02) on line-1: 127.0.0.1:${fake.port}\n`);
    expect(fake.statusRequests).toBe(1);
    expect(fake.jobs).toHaveLength(1);
    expect(fake.jobs[0]).toMatch(/^\^XA\n\^CI28\n[^]*\^FDS\/N ACME-000002\^FS\n[^]*\^XZ\n$/);
    expect(labelPrints(file, 'ACME-000002').map(({ status, printer }) => ({ status, printer }))).toEqual([{ status: 'printed', printer: 'line-1' }]);
  });

  it('refuses a printer that is out of paper, names it, and records a failed attempt', async () => {
    const folder = scratch();
    const file = ledgerFile(folder);
    const fake = await startFakeZebra({ status: { paperOut: true } });
    fakes.push(fake);
    writeFileSync(join(folder, 'printers.json'), JSON.stringify({ 'line-1': { kind: 'zebra', host: fake.host, port: fake.port }, archive: { kind: 'pdf', dir: '.' } }));
    const result = await runCli(['label', 'print', 'ACME-000003', '--printer', 'line-1', '--printers', 'printers.json', '--ledger', 'ledger.sqlite'], folder);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `factory-bench label print: error: printer "line-1" (127.0.0.1:${fake.port}) cannot print: paper out\nthe attempt is recorded in the ledger as failed\nhint: fix it at the printer (load labels, close the head, press PAUSE to resume), then print again\n`,
    );
    expect(fake.jobs).toEqual([]);
    expect(labelPrints(file, 'ACME-000003').map(({ status, printer }) => ({ status, printer }))).toEqual([{ status: 'failed', printer: 'line-1' }]);
    const which = await runCli(['label', 'print', 'ACME-000003', '--printers', 'printers.json', '--ledger', 'ledger.sqlite'], folder);
    expect(which.stderr).toMatch(/error: .*printers\.json names 2 printers: say which\nhint: --printer line-1 \| archive/);
    expect(existsSync(join(folder, 'ACME-000003.pdf'))).toBe(false);
  });
});
