/**
 * Python's int(text) for base 10, which is how the reference reads integer
 * values: surrounding whitespace, an optional sign, decimal digits with single
 * underscores between them ("1_000"). Returns undefined when Python would raise.
 */
// Python's str.isspace() also counts the separators 0x1c-0x1f and NEL.
const SPACE = String.raw`[\s\u001c-\u001f\u0085]`;
const PY_WHITESPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'g');
const DECIMAL = /^[+-]?\d+(_\d+)*$/;

export function parsePythonInt(text: string): bigint | undefined {
  const trimmed = text.replace(PY_WHITESPACE, '');
  if (!DECIMAL.test(trimmed)) return undefined;
  return BigInt(trimmed.replaceAll('_', ''));
}

/** Python's int(text, 0): decimal without leading zeros, or 0x / 0o / 0b prefixed. */
const ANY_BASE = /^([+-]?)(?:0[xX](_?[0-9a-fA-F])+|0[oO](_?[0-7])+|0[bB](_?[01])+|[1-9](_?\d)*|0(_?0)*)$/;

export function parsePythonIntAnyBase(text: string): bigint | undefined {
  const trimmed = text.replace(PY_WHITESPACE, '');
  const match = ANY_BASE.exec(trimmed);
  if (!match) return undefined;
  const sign = match[1] === '-' ? -1n : 1n;
  const body = trimmed.slice(match[1]!.length).replaceAll('_', '');
  const lower = body.toLowerCase();
  if (lower.startsWith('0o')) return sign * BigInt(`0o${body.slice(2)}`);
  return sign * BigInt(lower.startsWith('0x') || lower.startsWith('0b') ? body : body.replace(/^0+(?=\d)/, ''));
}
