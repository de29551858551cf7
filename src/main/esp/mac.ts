import type { Chip, MacLayout } from './chips.js';

export interface MacAddress {
  /** Six bytes, as printed. */
  bytes: Uint8Array;
  /** "aa:bb:cc:dd:ee:ff". */
  text: string;
  /** The 802.15.4 EUI-64 of chips that have one (C5, C6, H2). */
  eui64?: string;
}

/** Which two eFuse words hold the MAC: the low word then the high word. */
export function macWordAddresses(chip: Chip): [low: number, high: number] {
  // ESP32 keeps the MAC in words 1 and 2 of its eFuse read block; the others in two consecutive words.
  return chip.macLayout === 'esp32' ? [chip.macEfuse + 4, chip.macEfuse + 8] : [chip.macEfuse, chip.macEfuse + 4];
}

const toText = (bytes: Iterable<number>): string => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');

/**
 * The high word's low 16 bits are the first two octets, the low word (big-endian) the last four.
 * On ESP32 the high word's upper half is a CRC; on C5/C6/H2 it is the EUI-64's middle two octets.
 */
export function macFromWords(layout: MacLayout, low: number, high: number): MacAddress {
  const bytes = Uint8Array.of((high >>> 8) & 0xff, high & 0xff, (low >>> 24) & 0xff, (low >>> 16) & 0xff, (low >>> 8) & 0xff, low & 0xff);
  const mac: MacAddress = { bytes, text: toText(bytes) };
  if (layout === 'eui64') mac.eui64 = toText([...bytes.subarray(0, 3), (high >>> 24) & 0xff, (high >>> 16) & 0xff, ...bytes.subarray(3)]);
  return mac;
}
