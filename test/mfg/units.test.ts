import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NvsInputError } from '../../src/shared/nvs/errors.js';
import { packBatch, unpackBatch } from '../../src/main/mfg/batch-codec.js';
import { formatDeviceCsv } from '../../src/main/mfg/device.js';
import type { DeviceJob } from '../../src/main/mfg/job.js';
import { deviceName, fileNameProblem, foldName } from '../../src/main/mfg/names.js';
import { ProblemList, toProblem } from '../../src/main/mfg/problems.js';
import { readValuesFile, type ValuesRecord } from '../../src/main/mfg/values-reader.js';
import { tempDir } from './fixtures.js';

async function records(text: string): Promise<ValuesRecord[]> {
  const dir = tempDir();
  writeFileSync(join(dir, 'v.csv'), text);
  const all: ValuesRecord[] = [];
  for await (const record of readValuesFile('v.csv', dir)) all.push(record);
  return all;
}

const where = (record: ValuesRecord): string[] => record.fields.map((_, i) => `${record.positions[2 * i]}:${record.positions[2 * i + 1]}`);

describe('values file reader', () => {
  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('%s: lines and columns of every field, across blank lines and quoted line breaks', async (_, eol) => {
    const text = ['a,b,c', '1,"x', 'y",3', '', 'p,"q ""r""",s', '  ', 'last,,'].join(eol);
    const [header, two, three, four] = await records(text);
    expect(header!.fields).toEqual(['a', 'b', 'c']);
    expect(two!.fields).toEqual(['1', `x${eol === '\r\n' ? '\r\n' : eol}y`, '3']);
    expect([two!.line, ...where(two!)]).toEqual([2, '2:1', '2:3', '3:4']);
    expect([three!.line, ...where(three!)]).toEqual([5, '5:1', '5:3', '5:13']);
    expect(three!.fields[1]).toBe('q "r"');
    expect([four!.line, four!.fields, ...where(four!)]).toEqual([7, ['last', '', ''], '7:1', '7:6', '7:7']);
  });

  it('a byte order mark is not part of the first column name', async () => {
    expect((await records('\ufeffid,serial\n1,A\n'))[0]!.fields).toEqual(['id', 'serial']);
  });

  it('an unclosed quote is an input error with its line', async () => {
    await expect(records('a,b\n1,"open\n2,3\n')).rejects.toThrow(NvsInputError);
    await expect(records('a,b\n1,"open\n2,3\n')).rejects.toThrow(/v\.csv:2:1: a quoted field in the row that starts here is never closed/);
  });

  it('a missing file is an input error', async () => {
    const dir = tempDir();
    await expect(async () => {
      for await (const _ of readValuesFile('nope.csv', dir)) void _;
    }).rejects.toThrow(/values file 'nope\.csv' does not exist/);
  });
});

describe('device names', () => {
  it('prefix, counter and fileid as the reference names them', () => {
    expect(deviceName({ prefix: 'dev' }, 3, '3')).toBe('dev-3');
    expect(deviceName({ prefix: 'dev', prefixNum: { start: 100, length: 4 } }, 1, 'SN0001')).toBe('dev-0100-SN0001');
    expect(deviceName({ prefix: 'dev', prefixNum: { start: 9, length: 1 } }, 3, 'x')).toBe('dev-11-x');
  });

  it('refuses what would leave the folder or break a file name', () => {
    expect(fileNameProblem('SN-0001_a.b')).toBeUndefined();
    expect(fileNameProblem('a:b', 'linux')).toBeUndefined();
    expect(fileNameProblem('a/b')).toMatch(/\//);
    expect(fileNameProblem('a\nb')).toMatch(/control character/);
    expect(fileNameProblem('a:b', 'win32')).toMatch(/Windows/);
    expect(fileNameProblem('a\\b', 'win32')).toMatch(/Windows/);
  });

  it('folds case and Unicode normalisation', () => {
    expect(foldName('Dev-A')).toBe(foldName('dev-a'));
    expect(foldName('caf\u00e9')).toBe(foldName('cafe\u0301'));
  });
});

describe('per-device CSV', () => {
  it("quotes as Python's csv.writer does, with CRLF line ends", () => {
    const at = { file: 'c', line: 1, column: 1 };
    const row = (key: string, value: string) => ({ key, type: 'data', encoding: 'string', value, at, valueAt: at, encodingAt: at });
    expect(formatDeviceCsv([row('a', 'x,y'), row('b', 'say "hi"'), row('c', 'two\nlines'), row('d', 'plain')])).toBe(
      'key,type,encoding,value\r\na,data,string,"x,y"\r\nb,data,string,"say ""hi"""\r\nc,data,string,"two\nlines"\r\nd,data,string,plain\r\n',
    );
  });
});

describe('batches sent to workers', () => {
  it('unpack(pack(devices)) gives the devices back', () => {
    const device = (values: number) =>
      fc.record({
        name: fc.string(),
        line: fc.nat(),
        values: fc.array(fc.string({ unit: 'binary' }), { minLength: values, maxLength: values }),
        positions: fc.array(fc.nat({ max: 1 << 30 }), { minLength: 2 * values, maxLength: 2 * values }),
      });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }).chain((n) => fc.tuple(fc.constant(n), fc.array(device(n), { maxLength: 20 }))),
        ([n, devices]: [number, DeviceJob[]]) => {
          expect(unpackBatch(packBatch(devices, n), n)).toEqual(devices);
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });
});

describe('problem list', () => {
  const problem = (file: string, line: number, text = `p${line}`) => toProblem(new NvsInputError(text, { file, line, column: 1 }, 'fix it'));

  it('lists problems in file order, each message once, hints once, and counts what it does not show', () => {
    const list = new ProblemList(['config.csv', 'values.csv'], 3);
    list.add(problem('values.csv', 9));
    list.add(problem('values.csv', 2));
    list.add(problem('config.csv', 5));
    list.add(problem('values.csv', 2));
    list.add(problem('values.csv', 1));
    list.add(problem('values.csv', 7));
    expect(list.count).toBe(5);
    expect(list.toError('nothing was written').message).toBe(
      '5 problems:\nconfig.csv:5:1: p5\nvalues.csv:1:1: p1\nvalues.csv:2:1: p2\n… and 2 more problems\n  hint: fix it\nnothing was written',
    );
  });
});
