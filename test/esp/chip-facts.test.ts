import { describe, expect, it } from 'vitest';
import { chipById, chipByMagic, CHIPS } from '../../src/main/esp/chips.js';
import { flashSizeFromId } from '../../src/main/esp/flash-size.js';
import { macFromWords, macWordAddresses } from '../../src/main/esp/mac.js';
import { stubFileFor } from '../../src/main/esp/stub.js';

const MB = 1024 * 1024;

// Expected values worked out by hand from the spec's rules (pack(">II", high, low)[2:8]), not from the code.
describe('MAC from eFuse words', () => {
  it('ESP32: words 1 and 2 of the eFuse block at 0x3FF5A000; the two CRC bytes are dropped', () => {
    expect(macWordAddresses(CHIPS.esp32)).toEqual([0x3ff5a004, 0x3ff5a008]);
    expect(macFromWords('esp32', 0xa1b2c3d4, 0x7f00240a).text).toBe('24:0a:a1:b2:c3:d4');
  });

  it('ESP32-S2/S3/C2/C3/P4: the low 16 bits of the second word are the first two octets', () => {
    expect(macWordAddresses(CHIPS.esp32s2)).toEqual([0x3f41a044, 0x3f41a048]);
    expect(macWordAddresses(CHIPS.esp32s3)).toEqual([0x60007044, 0x60007048]);
    expect(macWordAddresses(CHIPS.esp32c2)).toEqual([0x60008840, 0x60008844]);
    expect(macWordAddresses(CHIPS.esp32c3)).toEqual([0x60008844, 0x60008848]);
    expect(macWordAddresses(CHIPS.esp32p4)).toEqual([0x5012d044, 0x5012d048]);
    const mac = macFromWords('standard', 0x55667788, 0xabcdf412);
    expect(mac.text).toBe('f4:12:55:66:77:88');
    expect([...mac.bytes]).toEqual([0xf4, 0x12, 0x55, 0x66, 0x77, 0x88]);
    expect(mac.eui64).toBeUndefined();
  });

  it('ESP32-C6/H2/C5 also give the EUI-64: MAC[0:3], the high word\'s upper half, MAC[3:6]', () => {
    expect(macWordAddresses(CHIPS.esp32c6)).toEqual([0x600b0844, 0x600b0848]);
    expect(macWordAddresses(CHIPS.esp32c5)).toEqual([0x600b4844, 0x600b4848]);
    expect(CHIPS.esp32h2.macLayout).toBe('eui64');
    const mac = macFromWords('eui64', 0x12345678, 0xfffe40ca);
    expect(mac.text).toBe('40:ca:12:34:56:78');
    expect(mac.eui64).toBe('40:ca:12:ff:fe:34:56:78');
  });

  it('MAC octets of 0 and 0xFF come out as such', () => {
    expect(macFromWords('standard', 0xff000000, 0x000000ff).text).toBe('00:ff:ff:00:00:00');
  });
});

describe('chip identification', () => {
  it('by GET_SECURITY_INFO chip id', () => {
    expect([5, 9, 12, 13, 16, 18, 23].map((id) => chipById(id)?.name)).toEqual(['esp32c3', 'esp32s3', 'esp32c2', 'esp32c6', 'esp32h2', 'esp32p4', 'esp32c5']);
    expect(chipById(99)).toBeUndefined();
  });

  it('by the magic word, including later silicon revisions', () => {
    expect(chipByMagic(0x00f01d83)?.name).toBe('esp32');
    expect(chipByMagic(0x000007c6)?.name).toBe('esp32s2');
    expect(chipByMagic(0x4361606f)?.name).toBe('esp32c3');
    expect(chipByMagic(0x0c21e06f)?.name).toBe('esp32c2');
    expect(chipByMagic(0x97e30068)?.name).toBe('esp32h2');
    expect(chipByMagic(0x5fd1406f)?.name).toBe('esp32c5');
    expect(chipByMagic(0x12345678)).toBeUndefined();
  });

  it('the ESP32 ROM takes a 16-byte FLASH_BEGIN, the others 20', () => {
    expect(Object.values(CHIPS).filter((c) => !c.romBeginHasEncryptedWord).map((c) => c.name)).toEqual(['esp32']);
  });

  it('ESP32-P4 before revision 3.0 has its own stub', () => {
    expect(stubFileFor('esp32p4', 100)).toBe('esp32p4-rev1');
    expect(stubFileFor('esp32p4', 300)).toBe('esp32p4');
    expect(stubFileFor('esp32c3')).toBe('esp32c3');
  });
});

describe('flash size from the JEDEC id (capacity code in bits 23..16)', () => {
  it.each([
    [0x1640ef, 4 * MB], // Winbond W25Q32
    [0x1840ef, 16 * MB],
    [0x1540c8, 2 * MB], // GigaDevice
    [0x14605e, 1 * MB],
    [0x1920c2, 32 * MB],
    [0x3925c2, 32 * MB], // the 0x3n codes some vendors use
    [0x2020c2, 64 * MB],
    [0x120000 | 0x20, 256 * 1024],
  ])('JEDEC id %i', (id, size) => {
    expect(flashSizeFromId(id)).toBe(size);
  });

  it('Adesto gives the density in the first device id byte', () => {
    expect(flashSizeFromId(0x01841f)).toBe(512 * 1024); // AT25SF041
    expect(flashSizeFromId(0x01871f)).toBe(4 * MB);
  });

  it('unknown codes give undefined', () => {
    expect(flashSizeFromId(0xffffff)).toBeUndefined();
    expect(flashSizeFromId(0)).toBeUndefined();
  });
});
