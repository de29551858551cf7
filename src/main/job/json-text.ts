/** A 1-based line and column in a text. */
export interface TextPosition {
  line: number;
  column: number;
}

export type JsonPath = readonly PropertyKey[];

/** JSON that does not parse: what is wrong and where. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
  }
}

/** A parsed JSON text that still knows where each of its values is written. */
export interface JsonDocument {
  value: unknown;
  /**
   * Where the value at `path` starts (its nearest written ancestor when it is
   * absent); with `charIndex`, where that character of a string value is.
   */
  at(path: JsonPath, charIndex?: number): TextPosition;
  /** Object keys written twice (JSON.parse silently keeps the last). */
  duplicates: { path: JsonPath; position: TextPosition }[];
}

const key = (path: JsonPath): string => path.map(String).join('\u0000');

/** Index → line and column, by binary search over the line starts. */
function positionsOf(text: string): (index: number) => TextPosition {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: index - starts[low]! + 1 };
  };
}

/**
 * Reads JSON (RFC 8259; a leading byte-order mark is allowed) and records
 * where every value starts. Throws JsonSyntaxError at the first mistake, with
 * its line and column: JSON.parse's messages do not always say where.
 */
export function readJson(source: string): JsonDocument {
  const text = source.replace(/^\uFEFF/, '');
  const position = positionsOf(text);
  const starts = new Map<string, number>();
  const duplicates: JsonDocument['duplicates'] = [];
  let i = 0;

  const fail = (message: string, at = i): never => {
    throw new JsonSyntaxError(message, position(at));
  };
  const describe = (at: number): string => (at >= text.length ? 'the end of the file' : `'${text[at]}'`);
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string, what: string): void => {
    skipSpace();
    if (text[i] !== char) fail(`expected ${what}, found ${describe(i)}`);
    i++;
  };

  const string = (): string => {
    const start = i++;
    let value = '';
    for (;;) {
      if (i >= text.length) fail('a string that is never closed (a " is missing)', start);
      const c = text[i]!;
      if (c === '"') break;
      if (c < ' ') fail(c === '\n' ? 'a line break inside a string (write \\n)' : 'a control character inside a string');
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('\\u must be followed by four hex digits');
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const escaped = e === undefined ? undefined : { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }[e];
        if (escaped === undefined) fail(`unknown escape \\${e ?? ''} in a string`);
        value += escaped;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    return value;
  };

  const value = (path: PropertyKey[]): void => {
    skipSpace();
    starts.set(key(path), i);
    const c = text[i];
    if (c === '{') return object(path);
    if (c === '[') return array(path);
    if (c === '"') return void string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!literal || /[\w.]/.test(text[i + literal[0].length] ?? '')) {
      fail(c === undefined ? 'expected a value, found the end of the file' : c === "'" ? "strings are written in double quotes (\")" : `expected a value, found ${describe(i)}`);
    }
    i += literal![0].length;
  };

  const object = (path: PropertyKey[]): void => {
    i++;
    skipSpace();
    if (text[i] === '}') return void i++;
    const seen = new Set<string>();
    for (;;) {
      skipSpace();
      if (text[i] !== '"') fail(text[i] === '}' ? "a comma before '}' (JSON allows no trailing comma)" : `expected a property name in double quotes, found ${describe(i)}`);
      const nameAt = i;
      const name = string();
      if (seen.has(name)) duplicates.push({ path: [...path, name], position: position(nameAt) });
      seen.add(name);
      expect(':', `':' after "${name}"`);
      value([...path, name]);
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') return void i++;
      fail(`expected ',' or '}' after the value of "${name}", found ${describe(i)}`);
    }
  };

  const array = (path: PropertyKey[]): void => {
    i++;
    skipSpace();
    if (text[i] === ']') return void i++;
    for (let n = 0; ; n++) {
      skipSpace();
      if (text[i] === ']') fail("a comma before ']' (JSON allows no trailing comma)");
      value([...path, n]);
      skipSpace();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') return void i++;
      fail(`expected ',' or ']' in the list, found ${describe(i)}`);
    }
  };

  value([]);
  skipSpace();
  if (i < text.length) fail(`unexpected ${describe(i)} after the end of the JSON value`);

  return {
    value: JSON.parse(text) as unknown,
    duplicates,
    at(path, charIndex) {
      for (let n = path.length; n >= 0; n--) {
        const start = starts.get(key(path.slice(0, n)));
        if (start === undefined) continue;
        if (n < path.length || charIndex === undefined || text[start] !== '"') return position(start);
        // Walk the string token: an escape is several characters of text but one of the value.
        let at = start + 1;
        for (let c = 0; c < charIndex && text[at] !== '"'; c++) at += text[at] === '\\' ? (text[at + 1] === 'u' ? 6 : 2) : 1;
        return position(at);
      }
      return position(0);
    },
  };
}
