import { describe, expect, it } from 'vitest';
import { parseNvsCsv } from '../../src/shared/nvs/csv.js';
import { compileNvsTemplate, renderCsv, renderRows, TemplateValueError } from '../../src/main/job/nvs-template.js';

const template = [
  'key,type,encoding,value', // 1
  'fctry,namespace,,', // 2
  'serial_no,data,string,{{serial}}', // 3
  'label,data,string,"{{const.MODEL}}, ""{{ mac }}"""', // 4
  'cert,data,string,"first line', // 5
  '{{cert_pem}}"', // 6
  'blob,file,binary,static/blob.bin', // 7
].join('\n');

describe('the fctry template', () => {
  it('finds the placeholders it uses and its static files', () => {
    const { template: t, problems } = compileNvsTemplate(template, 'fctry.csv', { MODEL: 'W' });
    expect(problems).toEqual([]);
    expect([...t!.used].sort()).toEqual(['cert_pem', 'const.MODEL', 'mac', 'serial']);
    expect(t!.files).toEqual([{ path: 'static/blob.bin', at: { file: 'fctry.csv', line: 7, column: 18 } }]);
  });

  it('reports each unknown placeholder at its line and column, quoted and multi-line cells included', () => {
    const bad = [
      'key,type,encoding,value',
      'ns,namespace,,',
      'a,data,string,x{{serail}}',
      'b,data,string,"""q"" {{const.NOPE}}"',
      '# a comment inside the next value is dropped by the CSV reader',
      'c,data,string,"one',
      '# dropped',
      'two {{mac_hexx}}"',
      'd,file,binary,certs/{{serial}}.pem',
      'e{{serial}},data,string,x',
      'f,data,string,{{serial',
    ].join('\n');
    const { problems } = compileNvsTemplate(bad, 'fctry.csv', {});
    expect(problems.map((p) => [p.line, p.column, p.message])).toEqual([
      [3, 16, 'unknown placeholder {{serail}}'],
      [4, 22, 'unknown placeholder {{const.NOPE}}'],
      [8, 5, 'unknown placeholder {{mac_hexx}}'],
      [9, 21, "'d' is a file row: its path cannot hold placeholders"],
      [10, 1, "the key of 'e{{serial}}' holds a placeholder; only value cells are filled in"],
      [11, 15, 'a "{{" that is never closed'],
    ]);
    expect(problems[1]!.hint).toBe('add the constant to "constants" in job.json');
  });

  it('passes on parseNvsCsv\'s own errors', () => {
    const { problems } = compileNvsTemplate('key,type,encoding\nx,data,u8\n', 'fctry.csv', {});
    expect(problems).toEqual([{ file: 'fctry.csv', line: 1, column: 1, message: "the header row has no column named 'value' (it has: 'key', 'type', 'encoding')", hint: 'the first line must be the header: key,type,encoding,value' }]);
  });

  it('fills in values; the rendered CSV reads back to exactly the same rows', () => {
    const { template: t } = compileNvsTemplate(template, 'fctry.csv', { MODEL: 'W' });
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB,"quoted"\n\n  #not a comment: it is not at the start of the line\n-----END CERTIFICATE-----\n';
    const values = { serial: 'SN-1', mac: '24:6f:28:00:00:01', cert_pem: pem, 'const.MODEL': 'W,1' };
    const rows = renderRows(t!, values);
    expect(rows.map((r) => r.value)).toEqual(['', 'SN-1', 'W,1, "24:6f:28:00:00:01"', `first line\n${pem}`, 'static/blob.bin']);
    expect(rows[3]!.valueAt).toEqual({ file: 'fctry.csv', line: 5, column: 18 });
    const back = parseNvsCsv(renderCsv(t!, values), 'rendered.csv');
    expect(back.map((r) => [r.key, r.type, r.encoding, r.value])).toEqual(rows.map((r) => [r.key, r.type, r.encoding, r.value]));
  });

  it('says which value is missing, and refuses what a CSV cannot carry', () => {
    const { template: t } = compileNvsTemplate(template, 'fctry.csv', { MODEL: 'W' });
    expect(() => renderRows(t!, { serial: 'S', mac: 'm', 'const.MODEL': 'W' })).toThrow(new TemplateValueError('the fctry template fctry.csv uses {{cert_pem}} (line 5) but this board has no value for it'));
    expect(() => renderCsv(t!, { serial: 'S', mac: 'm', cert_pem: 'a\r\nb', 'const.MODEL': 'W' })).toThrow(TemplateValueError);
    expect(() => renderCsv(t!, { serial: 'S', mac: 'm', cert_pem: 'a\n#b', 'const.MODEL': 'W' })).toThrow(/line starting with #/);
  });
});
