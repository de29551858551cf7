/** The named partition types and subtypes of ESP-IDF's gen_esp32part.py. */

export const APP_TYPE = 0x00;
export const DATA_TYPE = 0x01;

export const TYPES: Readonly<Record<string, number>> = { app: APP_TYPE, data: DATA_TYPE, bootloader: 0x02, partition_table: 0x03 };

const otaSlots = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`ota_${i}`, 0x10 + i]));

export const SUBTYPES: Readonly<Record<number, Readonly<Record<string, number>>>> = {
  [APP_TYPE]: { factory: 0x00, ...otaSlots, test: 0x20, tee_0: 0x30, tee_1: 0x31 },
  [DATA_TYPE]: {
    ota: 0x00,
    phy: 0x01,
    nvs: 0x02,
    coredump: 0x03,
    nvs_keys: 0x04,
    efuse: 0x05,
    undefined: 0x06,
    esphttpd: 0x80,
    fat: 0x81,
    spiffs: 0x82,
    littlefs: 0x83,
    tee_ota: 0x90,
    tee_sec_stg: 0x91,
  },
  0x02: { primary: 0x00, ota: 0x01, recovery: 0x02 },
  0x03: { primary: 0x00, ota: 0x01 },
};

export const NVS_SUBTYPE = SUBTYPES[DATA_TYPE]!['nvs']!;

const nameOf = (table: Readonly<Record<string, number>> | undefined, value: number): string | undefined =>
  table && Object.entries(table).find(([, v]) => v === value)?.[0];

export const typeName = (type: number): string => nameOf(TYPES, type) ?? `0x${type.toString(16).padStart(2, '0')}`;
export const subtypeName = (type: number, subtype: number): string => nameOf(SUBTYPES[type], subtype) ?? `0x${subtype.toString(16).padStart(2, '0')}`;

/** Offsets must be aligned to this: 64 KiB for apps (the MMU page), one 4 KiB sector for everything else. */
export const offsetAlignment = (type: number): number => (type === APP_TYPE ? 0x10000 : 0x1000);
