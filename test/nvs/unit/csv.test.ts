import { describe, expect, it } from 'vitest';
import { parseNvsCsv, splitCsvRecords } from '../../../src/shared/nvs/csv.js';
import { NvsInputError } from '../../../src/shared/nvs/errors.js';

const texts = (csv: string): string[][] => splitCsvRecords(csv, 't.csv').map((r) => r.map((f) => f.text));

describe('CSV reading, as Python csv.DictReader reads the reference inputs', () => {
  it('splits plain fields and keeps spaces', () => {
    expect(texts('a, b ,c\n')).toEqual([['a', ' b ', 'c']]);
  });

  it('unquotes quoted fields, with "" as a quote and commas and newlines inside', () => {
    expect(texts('k,"a,b ""q""",x\n')).toEqual([['k', 'a,b "q"', 'x']]);
    expect(texts('k,"line1\r\nline2"\n')).toEqual([['k', 'line1\nline2']]);
  });

  it('treats a quote inside an unquoted field as text, and keeps text after a closing quote', () => {
    expect(texts('a"b,"cd"ef\n')).toEqual([['a"b', 'cdef']]);
  });

  it('drops lines that start with # (even inside a quoted value) and blank lines', () => {
    expect(texts('#comment\na,b\n\n  #not a comment\n')).toEqual([['a', 'b'], ['  #not a comment']]);
  });

  it('reads CRLF, CR and LF line ends alike, and ignores a byte-order mark', () => {
    expect(texts('\ufeffa,b\r\nc,d\re,f\n')).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f']]);
  });

  it('finds columns by header name, in any order, ignoring extra columns', () => {
    const rows = parseNvsCsv('value,extra,encoding,key,type\n7,x,u8,k,data\n', 't.csv');
    expect(rows).toMatchObject([{ key: 'k', type: 'data', encoding: 'u8', value: '7' }]);
    expect(rows[0]!.valueAt).toEqual({ file: 't.csv', line: 2, column: 1 });
    expect(rows[0]!.encodingAt).toEqual({ file: 't.csv', line: 2, column: 5 });
  });

  it('gives undefined for a value field that is missing and points past the row end', () => {
    const [row] = parseNvsCsv('key,type,encoding,value\nns,namespace\n', 't.csv');
    expect(row!.value).toBeUndefined();
    expect(row!.valueAt).toEqual({ file: 't.csv', line: 2, column: 13 });
  });

  it('reports line numbers of the file, counting comments and multi-line values', () => {
    const rows = parseNvsCsv('key,type,encoding,value\n# c\nns,namespace,,\ns,data,string,"a\nb"\nn,data,u8,1\n', 't.csv');
    expect(rows.map((r) => r.at.line)).toEqual([3, 4, 6]);
  });

  it('refuses an empty file and a header without the needed columns', () => {
    expect(() => parseNvsCsv('', 't.csv')).toThrow(NvsInputError);
    expect(() => parseNvsCsv('key,type,value\n', 't.csv')).toThrow(/no column named 'encoding'/);
  });
});
