import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../src/main/ledger/csv-cell.js';

describe('CSV cells a spreadsheet shows as text', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+49 30 1234', "'+49 30 1234"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\r=cmd', `"'\r=cmd"`],
    ['ACME-2648-000001', 'ACME-2648-000001'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    [' padded ', '" padded "'],
    ['two\nlines', '"two\nlines"'],
  ])('%j is written as %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it('reads back, through a CSV parser, as the value with the apostrophe in front of a formula', () => {
    const values = ['=HYPERLINK("http://evil.example","x")', 'plain', 'a,"b"\nc', null, 42];
    const [row] = parse(csvLine(values), { relax_quotes: false }) as string[][];
    expect(row).toEqual([`'=HYPERLINK("http://evil.example","x")`, 'plain', 'a,"b"\nc', '', '42']);
  });
});
