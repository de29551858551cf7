/** "aa:bb:cc:dd:ee:ff" from that form, AA-BB-CC-DD-EE-FF or aabbccddeeff; undefined when it is none of them. */
export function normalizeMac(text: string): string | undefined {
  const trimmed = text.trim();
  if (!/^[0-9A-Fa-f]{2}([:-]?)(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}$/.test(trimmed)) return undefined;
  const hex = trimmed.replace(/[:-]/g, '').toLowerCase();
  return hex.match(/../g)!.join(':');
}
