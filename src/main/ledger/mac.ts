import { canonicalMac } from '../../shared/mac.js';
import { LedgerError } from './errors.js';

/** The MAC as the ledger stores and searches it (see canonicalMac), or a refusal saying how to write one. */
export function normalizeMac(text: string): string {
  const mac = canonicalMac(text);
  if (mac === undefined) {
    throw new LedgerError('invalid-input', `"${text}" is not a MAC address`, 'write it as six (or eight, for EUI-64) hex bytes, e.g. 24:6f:28:aa:bb:cc');
  }
  return mac;
}

/** True when the text looks like a MAC (so a search term can be routed to the MAC index). */
export function looksLikeMac(text: string): boolean {
  const hex = text.trim().toLowerCase();
  return /^[0-9a-f]{2}([:\-.]?[0-9a-f]{2}){5}(([:\-.]?[0-9a-f]{2}){2})?$/.test(hex);
}
