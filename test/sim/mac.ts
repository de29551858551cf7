// The factory MAC in eFuse, as esptool reads it (spec §6): `pack(">II", word[reg+4], word[reg])[2:8]`,
// so the low 16 bits of the second word are octets 0..1 and the first word is octets 2..5.
import type { ChipSpec, RegField } from './chips.js';

/** Espressif's OUI (24:0A:C4); the low three octets come from the seed. */
const OUI = [0x24, 0x0a, 0xc4] as const;

/** A deterministic MAC per seed: boards created with seeds 1..16 all differ. */
export function macFromSeed(seed: number): Uint8Array {
  // splitmix32-style mixing so neighbouring seeds land far apart.
  let x = (seed * 0x9e3779b9) >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  x = (x ^ (x >>> 16)) >>> 0;
  return Uint8Array.of(...OUI, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff);
}

export function parseMac(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) throw new Error(`not a MAC address: "${text}"`);
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

export const formatMac = (mac: Uint8Array): string => Array.from(mac, (b) => b.toString(16).padStart(2, '0')).join(':');

export function macFields(chip: ChipSpec, mac: Uint8Array): RegField[] {
  const low = ((mac[2]! << 24) | (mac[3]! << 16) | (mac[4]! << 8) | mac[5]!) >>> 0;
  const fields: RegField[] = [
    { addr: chip.macWord, shift: 0, width: 32, value: low },
    { addr: chip.macWord + 4, shift: 0, width: 16, value: (mac[0]! << 8) | mac[1]! },
  ];
  if (chip.macExt) fields.push({ addr: chip.macWord + 4, shift: 16, width: 16, value: 0xfffe });
  return fields;
}
