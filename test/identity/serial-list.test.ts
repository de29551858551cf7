import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSerialList, validateSerial, type SerialList } from '../../src/main/identity/serial-list.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh folder as `name` and returns its path. */
function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-serial-'));
  made.push(dir);
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

async function read(name: string, text: string): Promise<SerialList & { path: string }> {
  const path = file(name, text);
  return { path, ...(await readSerialList(path)) };
}

const where = (list: SerialList): string[] => list.problems.map((p) => `${p.line}${p.column ? `:${p.column}` : ''} ${p.message}`);

describe('validateSerial', () => {
  it.each([
    ['ACME-2648-000001', undefined],
    ['a_b.c:d/e-F9', undefined],
    ['X'.repeat(64), undefined],
    ['', 'the serial is empty'],
    ['X'.repeat(65), 'the serial is 65 characters long; at most 64 fit'],
    ['AB C', 'a space cannot be part of a serial (column 3)'],
    ['AB\u0000', 'control character U+0000 cannot be part of a serial (column 3)'],
    ['ÄB', "'Ä' (U+00C4) cannot be part of a serial (column 1)"],
    ['{x}', "'{' (U+007B) cannot be part of a serial (column 1)"],
  ])('%j: %s', (serial, reason) => {
    expect(validateSerial(serial)).toBe(reason);
  });
});

describe('reading a serial list', () => {
  it('CSV: a serial column in any case and place, BOM, CRLF and trailing blank lines', async () => {
    const list = await read('serials.csv', '\uFEFFbatch,Serial,note\r\n7,ACME-0001,first\r\n7,ACME-0002,\r\n8,"ACME-0003","a, b"\r\n\r\n\r\n');
    expect(list.problems).toEqual([]);
    expect(list.serials).toEqual([
      { serial: 'ACME-0001', line: 2 },
      { serial: 'ACME-0002', line: 3 },
      { serial: 'ACME-0003', line: 4 },
    ]);
  });

  it('CSV: a single column without a header is a list from line 1', async () => {
    const list = await read('serials.CSV', 'A1\nA2\nA3');
    expect(list.problems).toEqual([]);
    expect(list.serials.map((s) => `${s.line}:${s.serial}`)).toEqual(['1:A1', '2:A2', '3:A3']);
  });

  it('a headerless list whose first line is not a serial may have meant a header', async () => {
    const list = await read('serials.csv', 'Serial Number\nA1\n');
    expect(where(list)).toEqual(['1:7 a space cannot be part of a serial']);
    expect(list.problems[0]!.hint).toMatch(/call the serials' column 'serial'/);
  });

  it('CSV: keeps line numbers across a quoted line break', async () => {
    const list = await read('s.csv', 'serial,note\nA1,"two\nlines"\nA2,x\n');
    expect(list.serials).toEqual([
      { serial: 'A1', line: 2 },
      { serial: 'A2', line: 4 },
    ]);
  });

  it('text: one serial per line, with or without a "serial" header, CR or LF', async () => {
    const plain = await read('serials.txt', 'SN-1\nSN-2\n\n');
    expect(plain.problems).toEqual([]);
    expect(plain.serials).toEqual([
      { serial: 'SN-1', line: 1 },
      { serial: 'SN-2', line: 2 },
    ]);
    const headed = await read('serials', '\uFEFFSERIAL\rSN-1\rSN-2\r');
    expect(headed.problems).toEqual([]);
    expect(headed.serials).toEqual([
      { serial: 'SN-1', line: 2 },
      { serial: 'SN-2', line: 3 },
    ]);
  });

  it('CSV: reports every problem at once, each with its line and column', async () => {
    const text = [
      'id,serial', //               1
      '1,GOOD-1', //                2
      '2,', //                      3 empty
      '3,BAD SERIAL', //            4 space at column 6
      `4,${'L'.repeat(65)}`, //     5 too long
      '5,GOOD-1', //                6 duplicate of line 2
      '', //                        7 blank line in the middle
      '6', //                       8 no serial field
      '7,"Q\u00e9"', //             9 é inside quotes: column 5
      '8,GOOD-2', //               10
      '9,GOOD-1', //               11 duplicate again
      '',
    ].join('\n');
    const list = await read('serials.csv', text);
    expect(where(list)).toEqual([
      '3:3 the serial is empty',
      '4:6 a space cannot be part of a serial',
      '5:3 the serial is 65 characters long; at most 64 fit',
      "6:3 the serial 'GOOD-1' is also on line 2",
      '7 the line is blank, so it has no serial',
      "8 the line has 1 field, so no 'serial' (column 2 of the header)",
      "9:5 'é' (U+00E9) cannot be part of a serial",
      "11:3 the serial 'GOOD-1' is also on line 2",
    ]);
    expect(list.problems.every((p) => p.file === list.path && p.hint.length > 0)).toBe(true);
    expect(list.serials.map((s) => s.serial)).toEqual(['GOOD-1', 'GOOD-2']);
  });

  it('text: reports every problem at once', async () => {
    const list = await read('serials.txt', 'A-1\n\nA 2\nA-1\nA,3\n \nA-4\n');
    expect(where(list)).toEqual([
      '2 the line is blank, so it has no serial',
      '3:2 a space cannot be part of a serial',
      "4:1 the serial 'A-1' is also on line 1",
      "5:2 ',' (U+002C) cannot be part of a serial",
      '6 the line is blank, so it has no serial',
    ]);
    expect(list.problems[3]!.hint).toMatch(/\.csv/);
  });

  it('CSV: columns count from the quote of a quoted field, doubled quotes included', async () => {
    const list = await read('s.csv', 'serial\n"AB""C D"\n');
    expect(where(list)).toEqual(["2:4 '\"' (U+0022) cannot be part of a serial"]);
  });

  it.each([
    ['an empty file', 's.csv', '', '1 the serial list is empty'],
    ['only a BOM and blank lines', 's.txt', '\uFEFF\r\n\r\n', '1 the serial list is empty'],
    ['a header and nothing under it', 's.csv', 'Serial\r\n', '1 the serial list has a header but no serials'],
    ['several columns and no serial column', 's.csv', 'sn,batch\nA1,7\n', "1 no 'serial' column: the first line has 'sn', 'batch'"],
    ['two serial columns', 's.csv', 'serial,SERIAL\nA,B\n', "1:8 the header has more than one 'serial' column"],
  ])('%s', async (_, name, text, problem) => {
    const list = await read(name, text);
    expect(where(list)).toEqual([problem]);
    expect(list.serials).toEqual([]);
  });

  it('a CSV syntax error stops reading, after the problems before it', async () => {
    const list = await read('s.csv', 'serial\nA 1\nA2\n"A3\nA4\n');
    expect(where(list)).toEqual(['2:2 a space cannot be part of a serial', '4 a quoted field in the row that starts here is never closed; the rest of the file was not read']);
  });

  it('a file that cannot be read is a problem of the whole file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-serial-'));
    made.push(dir);
    mkdirSync(join(dir, 'folder.csv'));
    expect(where(await readSerialList(join(dir, 'missing.csv')))).toEqual(['0 the serial list does not exist']);
    expect(where(await readSerialList(join(dir, 'folder.csv')))).toEqual(['0 the serial list is a folder, not a file']);
  });

  it('reads a long list, keeping every line number', async () => {
    const serials = Array.from({ length: 100_000 }, (_, i) => `ACME-${String(i).padStart(6, '0')}`);
    const list = await read('big.csv', `serial\n${serials.join('\n')}\n`);
    expect(list.problems).toEqual([]);
    expect(list.serials).toHaveLength(100_000);
    expect(list.serials.at(-1)).toEqual({ serial: 'ACME-099999', line: 100_001 });
  });
});
