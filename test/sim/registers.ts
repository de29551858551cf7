// The part of the chip's address space a host reaches with READ_REG / WRITE_REG (spec §11.4-§11.5):
// eFuse words (MAC, revision), the detect magic, UART_CLKDIV, the ROM's port variable, and the
// SPI flash controller, whose user-command sequence is emulated against the board's flash.
import { CHIP_DETECT_MAGIC_REG, UART_CLKDIV_OFFSET, type ChipSpec, type RegField } from './chips.js';
import type { SpiFlash } from './spi-flash.js';

const SPI_CMD_USR = 1 << 18;

export interface RegisterContext {
  chip: ChipSpec;
  flash: SpiFlash;
  /** The UART's current baud (UART_CLKDIV follows it). */
  baud(): number;
  /** False while the ROM has not attached the flash: the SPI bus then reads all ones. */
  flashAttached(): boolean;
}

export class RegisterFile {
  private readonly written = new Map<number, number>();
  private readonly fixed = new Map<number, number>();

  constructor(
    private readonly ctx: RegisterContext,
    fields: RegField[],
  ) {
    this.fixed.set(CHIP_DETECT_MAGIC_REG, ctx.chip.magic);
    for (const f of fields) {
      const mask = f.width === 32 ? 0xffffffff : ((1 << f.width) - 1) << f.shift;
      const old = this.fixed.get(f.addr) ?? 0;
      this.fixed.set(f.addr, ((old & ~mask) | ((f.value << f.shift) & mask)) >>> 0);
    }
  }

  read(addr: number): number {
    addr >>>= 0;
    if (addr === this.ctx.chip.uartBase + UART_CLKDIV_OFFSET) return Math.round(this.ctx.chip.xtalHz / this.ctx.baud()) & 0xfffff;
    return this.written.get(addr) ?? this.fixed.get(addr) ?? 0;
  }

  /** WRITE_REG semantics (spec §3): bits outside `mask` keep their value. */
  write(addr: number, value: number, mask: number): void {
    addr >>>= 0;
    const merged = ((this.read(addr) & ~mask) | (value & mask)) >>> 0;
    const spi = this.ctx.chip.spi;
    if (addr === spi.base && merged & SPI_CMD_USR) {
      this.runSpiCommand();
      this.written.set(addr, merged & ~SPI_CMD_USR);
      return;
    }
    this.written.set(addr, merged);
  }

  /** A value the chip itself sets (ROM variables): survives resets. */
  setFixed(addr: number, value: number): void {
    this.fixed.set(addr >>> 0, value >>> 0);
  }

  /** Forget what the host wrote (a chip reset); eFuse and ROM values stay. */
  reset(): void {
    this.written.clear();
  }

  // User command: opcode from USR2, optional address from ADDR, answer (MISO) into W0.. (spec §9.1).
  private runSpiCommand(): void {
    const spi = this.ctx.chip.spi;
    const usr1 = this.read(spi.base + spi.usr1);
    const usr2 = this.read(spi.base + spi.usr2);
    const command = usr2 & 0xff;
    const addrBits = ((usr1 >>> 26) & 0x3f) + 1;
    const rawAddr = this.read(spi.base + 0x04);
    const address = spi.addrMsb ? rawAddr >>> (32 - addrBits) : addrBits >= 32 ? rawAddr : rawAddr & ((1 << addrBits) - 1);
    const misoBits = this.read(spi.base + spi.misoDlen) + 1;
    const answer = this.answer(command, address, Math.min(64, Math.ceil(misoBits / 8)));
    for (let i = 0; i < 16; i++) {
      const word = (answer[4 * i] ?? 0) | ((answer[4 * i + 1] ?? 0) << 8) | ((answer[4 * i + 2] ?? 0) << 16) | ((answer[4 * i + 3] ?? 0) << 24);
      if (4 * i < answer.length) this.written.set(spi.base + spi.w0 + 4 * i, word >>> 0);
    }
  }

  private answer(command: number, address: number, length: number): Uint8Array {
    const flash = this.ctx.flash;
    // An unattached flash leaves MISO floating high: every command reads all ones.
    if (!this.ctx.flashAttached()) return new Uint8Array(length).fill(0xff);
    switch (command) {
      case 0x9f: // RDID
        return Uint8Array.of(flash.jedecId & 0xff, (flash.jedecId >>> 8) & 0xff, (flash.jedecId >>> 16) & 0xff);
      case 0x5a: {
        // SFDP
        const table = flash.sfdp();
        return Uint8Array.from({ length }, (_, i) => table[(address + i) & 0xff]!);
      }
      case 0x03: // READ
        return flash.contains(address, length) ? flash.read(address, length) : new Uint8Array(length).fill(0xff);
      default: // RDSR 0x05/0x35/0x15, resets 0x66/0x99, write enable...: nothing to report
        return new Uint8Array(length);
    }
  }
}
