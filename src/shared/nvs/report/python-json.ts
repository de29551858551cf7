/**
 * JSON text exactly as Python's json.dumps(value, indent=n) writes it (and so
 * as nvs_tool prints it): ", " / ": " separators, one item per line, "[]" and
 * "{}" when empty, and every character outside printable ASCII escaped
 * (ensure_ascii). Integers may be bigints, so 64-bit values stay exact.
 */
export type PyJson = null | boolean | number | bigint | string | readonly PyJson[] | { readonly [key: string]: PyJson };

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

// Python's ensure_ascii escapes everything outside U+0020…U+007E, and " and \.
const NEEDS_ESCAPE = /["\\]|[^\x20-\x7e]/g;

export function pyString(text: string): string {
  return `"${text.replace(NEEDS_ESCAPE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function write(value: PyJson, indent: string, depth: number, out: string[]): void {
  if (value === null) out.push('null');
  else if (typeof value === 'boolean') out.push(value ? 'true' : 'false');
  else if (typeof value === 'number' || typeof value === 'bigint') out.push(String(value));
  else if (typeof value === 'string') out.push(pyString(value));
  else if (Array.isArray(value)) {
    const items = value as readonly PyJson[];
    if (items.length === 0) {
      out.push('[]');
      return;
    }
    const inner = `\n${indent.repeat(depth + 1)}`;
    out.push('[');
    items.forEach((item, i) => {
      out.push(i === 0 ? inner : `,${inner}`);
      write(item, indent, depth + 1, out);
    });
    out.push(`\n${indent.repeat(depth)}]`);
  } else {
    const keys = Object.keys(value);
    if (keys.length === 0) {
      out.push('{}');
      return;
    }
    const inner = `\n${indent.repeat(depth + 1)}`;
    out.push('{');
    keys.forEach((key, i) => {
      out.push(i === 0 ? inner : `,${inner}`, pyString(key), ': ');
      write((value as { readonly [key: string]: PyJson })[key]!, indent, depth + 1, out);
    });
    out.push(`\n${indent.repeat(depth)}}`);
  }
}

export function pyJsonDumps(value: PyJson, indent: number): string {
  const out: string[] = [];
  write(value, ' '.repeat(indent), 0, out);
  return out.join('');
}
