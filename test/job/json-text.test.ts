import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, readJson } from '../../src/main/job/json-text.js';

function syntaxError(text: string): { message: string; line: number; column: number } {
  try {
    readJson(text);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonSyntaxError);
    const e = error as JsonSyntaxError;
    return { message: e.message, ...e.position };
  }
  throw new Error('expected a JsonSyntaxError');
}

describe('reading JSON with positions', () => {
  const text = '{\n  "name": "widget",\n  "firmware": {\n    "images": [\n      { "offset": "0x0", "file": "a.bin" }\n    ]\n  }\n}\n';

  it('parses as JSON.parse does and knows where every value starts', () => {
    const doc = readJson(text);
    expect(doc.value).toEqual(JSON.parse(text));
    expect(doc.at(['name'])).toEqual({ line: 2, column: 11 });
    expect(doc.at(['firmware', 'images', 0, 'file'])).toEqual({ line: 5, column: 34 });
    expect(doc.at([])).toEqual({ line: 1, column: 1 });
  });

  it('falls back to the nearest written ancestor for a missing value', () => {
    expect(readJson(text).at(['firmware', 'images', 3, 'file'])).toEqual({ line: 4, column: 15 });
    expect(readJson(text).at(['nothing'])).toEqual({ line: 1, column: 1 });
  });

  it('finds a character inside a string, escapes counted as one', () => {
    const doc = readJson('{"t": "a\\"b\\u0041{x}"}');
    expect(doc.value).toEqual({ t: 'a"bA{x}' });
    expect(doc.at(['t'], 4)).toEqual({ line: 1, column: 18 });
  });

  it('reports syntax errors at their line and column', () => {
    expect(syntaxError('{\n  "a": 1,\n}')).toEqual({ message: "a comma before '}' (JSON allows no trailing comma)", line: 3, column: 1 });
    expect(syntaxError('{\n  "a": 1\n  "b": 2\n}')).toEqual({ message: 'expected \',\' or \'}\' after the value of "a", found \'"\'', line: 3, column: 3 });
    expect(syntaxError("{ 'a': 1 }")).toMatchObject({ line: 1, column: 3 });
    expect(syntaxError('{"a": tru}')).toMatchObject({ message: "expected a value, found 't'", line: 1, column: 7 });
    expect(syntaxError('{"a": "x')).toMatchObject({ message: 'a string that is never closed (a " is missing)', line: 1, column: 7 });
    expect(syntaxError('[1, 2,]')).toMatchObject({ line: 1, column: 7 });
    expect(syntaxError('{} x')).toMatchObject({ message: "unexpected 'x' after the end of the JSON value", column: 4 });
    expect(syntaxError('')).toMatchObject({ message: 'expected a value, found the end of the file' });
  });

  it('notes keys written twice', () => {
    const doc = readJson('{"a": 1,\n "a": 2}');
    expect(doc.value).toEqual({ a: 2 });
    expect(doc.duplicates).toEqual([{ path: ['a'], position: { line: 2, column: 2 } }]);
  });

  it('accepts a byte-order mark', () => {
    expect(readJson('\uFEFF{"a": [true, null, -1.5e3]}').value).toEqual({ a: [true, null, -1500] });
  });
});
