import { LedgerError } from './errors.js';

/**
 * The one spelling of a MAC the ledger stores and searches: lower-case hex
 * bytes joined by colons. Accepts colons, dashes, dots or no separators, and
 * 6-byte MACs or 8-byte EUI-64 identifiers.
 */
export function normalizeMac(text: string): string {
  const hex = text.trim().toLowerCase().replace(/[:\-.]/g, '');
  if (!/^[0-9a-f]+$/.test(hex) || (hex.length !== 12 && hex.length !== 16)) {
    throw new LedgerError('invalid-input', `"${text}" is not a MAC address`, 'write it as six (or eight, for EUI-64) hex bytes, e.g. 24:6f:28:aa:bb:cc');
  }
  return hex.match(/../g)!.join(':');
}

/** True when the text looks like a MAC (so a search term can be routed to the MAC index). */
export function looksLikeMac(text: string): boolean {
  const hex = text.trim().toLowerCase();
  return /^[0-9a-f]{2}([:\-.]?[0-9a-f]{2}){5}(([:\-.]?[0-9a-f]{2}){2})?$/.test(hex);
}
