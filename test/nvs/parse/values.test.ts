import { describe, expect, it } from 'vitest';
import { decodeImage, findValue, readValues } from '../../../src/shared/nvs/decode/index.js';
import { readNvsVector } from '../../helpers/vectors.js';
import { eraseEntrySlots, vectorImage } from './image-edit.js';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('readValues: every key as the device would read it', () => {
  it('gives the jumpstart serial, certificate and key (v2 blobs, one chunk each)', () => {
    const values = readValues(decodeImage(readNvsVector('01_jumpstart_7mfg', 'output.bin')));
    expect(values.map((v) => `${v.namespace}:${v.key}`)).toEqual(['mfg_ns:serial_no', 'mfg_ns:cert', 'mfg_ns:priv_key']);
    const serial = findValue(values, 'mfg_ns', 'serial_no');
    expect(serial?.type === 'blob' && text(serial.value)).toBe('ESPJS-0001');
    const cert = findValue(values, 'mfg_ns', 'cert');
    expect(cert?.type === 'blob' && cert.version).toBe(2);
    expect(cert?.type === 'blob' && text(cert.value)).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]*-----END CERTIFICATE-----\n$/);
  });

  it('joins multi-page blobs from their chunks, in chunk order', () => {
    const values = readValues(decodeImage(readNvsVector('04_multipage_v2', 'output.bin')));
    for (const [key, file] of [
      ['blob10000', 'blob_10000.bin'],
      ['blob4000', 'blob_4000.bin'],
      ['blob1984', 'blob_1984.bin'],
    ] as const) {
      const value = findValue(values, 'big', key);
      expect(value?.type).toBe('blob');
      expect(value?.type === 'blob' && Buffer.from(value.value).equals(Buffer.from(readNvsVector('04_multipage_v2', 'files', file)))).toBe(true);
    }
    expect(findValue(values, 'big', 'after')).toMatchObject({ type: 'u32', value: 0x12345678n });
  });

  it('gives every integer type at its limits, strings without their NUL, and empty blobs', () => {
    const values = readValues(decodeImage(readNvsVector('02b_all_types_v2_clean', 'output.bin')));
    const get = (key: string) => values.find((v) => v.key === key);
    expect(get('u64_max')).toMatchObject({ namespace: 'ns_prim', type: 'u64', value: 18446744073709551615n });
    expect(get('i64_min')).toMatchObject({ type: 'i64', value: -9223372036854775808n });
    expect(get('i8_min')).toMatchObject({ type: 'i8', value: -128n });
    expect(get('i16_min')).toMatchObject({ type: 'i16', value: -32768n });
    expect(get('u32_uscore')).toMatchObject({ type: 'u32', value: 1000n });
    expect(get('str_utf8')).toMatchObject({ namespace: 'ns_var', type: 'string', value: 'héllo ☃' });
    expect(get('str_empty')).toMatchObject({ type: 'string', value: '' });
    expect(get('str_quoted')).toMatchObject({ value: 'a,b "quoted"' });
    const hex = get('hex_data');
    expect(hex?.type === 'blob' && Array.from(hex.value)).toEqual([0x00, 0x11, 0xaa, 0xbb, 0xcc, 0xdd]);
    const empty = get('file_bin_empty');
    expect(empty?.type === 'blob' && empty.value.length).toBe(0);
  });

  it('gives v1 blobs as version 1', () => {
    const values = readValues(decodeImage(readNvsVector('05_v1_blob_max', 'output.bin')));
    const blob = findValue(values, 'v1', 'blob1984');
    expect(blob?.type === 'blob' && blob.version).toBe(1);
    expect(blob?.type === 'blob' && Buffer.from(blob.value).equals(Buffer.from(readNvsVector('05_v1_blob_max', 'files', 'blob_1984.bin')))).toBe(true);
    expect(findValue(values, 'v1', 's')).toMatchObject({ type: 'string', value: 'after' });
  });

  it('leaves out a blob with a missing chunk, and a value whose data CRC fails', () => {
    const image = vectorImage('04_multipage_v2');
    eraseEntrySlots(image, 1, 0, 126); // chunk 1 of blob10000
    image[3 * 4096 + 64 + 69 * 32] = image[3 * 4096 + 64 + 69 * 32]! ^ 1; // a data byte of blob1984's chunk 0
    const keys = readValues(decodeImage(image)).map((v) => v.key);
    expect(keys).toEqual(['blob4000', 'after']);
  });

  it('leaves out entries with a bad CRC', () => {
    const image = vectorImage('01_jumpstart_7mfg');
    image[64 + 3 * 32 + 24] = 11; // serial_no's blob index now claims 11 bytes; its CRC no longer matches
    expect(readValues(decodeImage(image)).map((v) => v.key)).toEqual(['cert', 'priv_key']);
  });
});
