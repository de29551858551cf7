// The board's SPI NOR flash: erase sets bits (to 0xFF), program can only clear them (AND).

export const SECTOR_SIZE = 0x1000;
export const BLOCK_SIZE = 0x10000;
export const PAGE_SIZE = 0x100;

export type FlashSizeMB = 2 | 4 | 8 | 16;

/** Winbond W25Q16/32/64/128 JEDEC ids as read by RDID (0x9F): manufacturer, type, capacity (= log2 size). */
export const winbondId = (sizeMB: FlashSizeMB): number => ((Math.log2(sizeMB * 1024 * 1024) & 0xff) << 16) | 0x4000 | 0xef;

export class SpiFlash {
  readonly data: Uint8Array;

  constructor(
    readonly size: number,
    readonly jedecId: number,
  ) {
    this.data = new Uint8Array(size).fill(0xff);
  }

  contains(offset: number, length: number): boolean {
    return offset >= 0 && length >= 0 && offset + length <= this.size;
  }

  read(offset: number, length: number): Uint8Array {
    if (!this.contains(offset, length)) throw new RangeError(`flash read 0x${offset.toString(16)}+${length} outside ${this.size} bytes`);
    return this.data.slice(offset, offset + length);
  }

  eraseSector(offset: number): void {
    const start = offset - (offset % SECTOR_SIZE);
    this.data.fill(0xff, start, start + SECTOR_SIZE);
  }

  eraseAll(): void {
    this.data.fill(0xff);
  }

  isBlank(offset: number, length: number): boolean {
    for (let i = offset; i < offset + length; i++) if (this.data[i] !== 0xff) return false;
    return true;
  }

  /** Page program: a 1 bit can become 0, never the reverse. */
  program(offset: number, bytes: Uint8Array): void {
    if (!this.contains(offset, bytes.length)) throw new RangeError(`flash write 0x${offset.toString(16)}+${bytes.length} outside ${this.size} bytes`);
    for (let i = 0; i < bytes.length; i++) this.data[offset + i]! &= bytes[i]!;
  }

  /** The SFDP table (JESD216): signature, two parameter headers, the basic table's density word. */
  sfdp(): Uint8Array {
    const table = new Uint8Array(0x100).fill(0xff);
    table.set([0x53, 0x46, 0x44, 0x50, 0x06, 0x01, 0x01, 0xff], 0); // "SFDP", rev 1.6, 2 headers
    table.set([0x00, 0x06, 0x01, 0x10, 0x80, 0x00, 0x00, 0xff], 0x08); // JEDEC basic table, 16 dwords at 0x80
    table.set([this.jedecId & 0xff, 0x00, 0x01, 0x03, 0xc0, 0x00, 0x00, 0xff], 0x10); // vendor table header
    const densityBits = this.size * 8 - 1;
    table.set([0xe5, 0x20, 0xf1, 0xff, densityBits & 0xff, (densityBits >>> 8) & 0xff, (densityBits >>> 16) & 0xff, densityBits >>> 24], 0x80);
    return table;
  }
}
