/**
 * The one spelling of a MAC address the project stores, searches and prints:
 * lower-case hex bytes joined by colons. Accepts colons, dashes, dots or no
 * separators, and 6-byte MACs or 8-byte EUI-64 identifiers; undefined for
 * anything else.
 */
export function canonicalMac(text: string): string | undefined {
  const hex = text.trim().toLowerCase().replace(/[:\-.]/g, '');
  if (!/^(?:[0-9a-f]{12}|[0-9a-f]{16})$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}
