// A simulated ESP board, independent of how the host reaches it: bytes in, bytes out, two pins
// (EN and IO0), and a chip that boots into the ROM loader or its app, runs the flasher stub when
// one is uploaded, and keeps its flash across resets.
import { chipSpec, type ChipName, type ChipSpec, type Revision } from './chips.js';
import { SimClock, type SimClockOptions } from './clock.js';
import { appLines, bootloaderLog, downloadBanner, flashBootBanner, invalidHeaderLine, type ConsoleLines, type ResetCause } from './console.js';
import { FaultSet, type FaultSpec } from './faults.js';
import { Loader } from './loader.js';
import { formatMac, macFields, macFromSeed, parseMac } from './mac.js';
import { Op, parseRequest } from './protocol.js';
import { RegisterFile } from './registers.js';
import { SlipDecoder } from './slip.js';
import { SpiFlash, winbondId, type FlashSizeMB } from './spi-flash.js';
import { esptoolJsStub, RamImage, type StubImage } from './stub-images.js';
import { DEFAULT_TIMING, type TimingFigures } from './timing.js';
import { bytesPerMsAtBaud, Wire } from './wire.js';

export type BoardMode =
  /** No power (unplugged). */
  | 'off'
  /** EN held low. */
  | 'reset'
  /** Between EN rising and the ROM's banner. */
  | 'booting'
  /** ROM serial loader, waiting for download. */
  | 'rom'
  /** Flasher stub running. */
  | 'stub'
  /** Running from flash (or the ROM complaining there is nothing to run). */
  | 'app'
  /** Crashed or silenced: answers nothing until reset. */
  | 'hung';

export type FlashSizeOption = FlashSizeMB | `${FlashSizeMB}MB`;

export interface SimBoardOptions {
  chip: ChipName;
  /** Factory MAC ("24:0a:c4:12:34:56" or 6 bytes). Default: derived from `seed`. */
  mac?: string | Uint8Array;
  /** Seeds the default MAC and the noise a board makes. Default: 1, 2, 3… in creation order. */
  seed?: number;
  /** Flash size in MiB (2, 4, 8, 16). Default 4. */
  flashSize?: FlashSizeOption;
  /** JEDEC id answered to RDID. Default: the Winbond W25Q part of that size (0x1640EF for 4 MiB). */
  flashId?: number;
  /** Silicon revision. Default per chip (ESP32 v3.0, C2 v1.0, P4 v1.0, …). */
  revision?: Revision;
  faults?: readonly FaultSpec[];
  /** Figure overrides, and the clock's pace / timeScale (ignored when `clock` is given). */
  timing?: Partial<TimingFigures> & SimClockOptions;
  /** Share a clock between boards (one simulated timeline for a whole bench). */
  clock?: SimClock;
  /** What the app prints after boot. */
  consoleLines?: ConsoleLines;
  /** Boot the app only when an image header (0xE9) sits at the bootloader offset. Default true. */
  bootRequiresImage?: boolean;
  /** A SYNC arriving while the app runs puts the board back in the ROM loader (for links without reset lines, spec §11.14). Default false. */
  appSyncEntersRom?: boolean;
  /** RAM images accepted as the flasher stub. Default: esptool-js's stub for this chip and revision. */
  stubs?: readonly StubImage[];
}

let nextSeed = 1;
const ROM_BAUD = 115200;

export class SimBoard {
  readonly chip: ChipSpec;
  readonly revision: Revision;
  readonly mac: Uint8Array;
  readonly clock: SimClock;
  readonly timing: TimingFigures;
  readonly faults: FaultSet;
  readonly seed: number;
  private readonly spiFlash: SpiFlash;
  private readonly regs: RegisterFile;
  private readonly ram = new RamImage();
  private readonly stubs: readonly StubImage[];
  private readonly consoleLines: ConsoleLines | undefined;
  private readonly bootRequiresImage: boolean;
  private readonly appSyncEntersRom: boolean;

  private current: BoardMode = 'off';
  private epoch = 0;
  private en = true;
  private io0 = true;
  private latched: 'download' | 'app' = 'app';
  private uartBaud = ROM_BAUD;
  private hostBaud: number | null = null;
  private usb = false;
  private readonly rx: Wire;
  private readonly tx: Wire;
  private readonly decoder = new SlipDecoder((frame) => this.loader.push(frame));
  private readonly appDecoder = new SlipDecoder((frame) => this.onAppFrame(frame));
  private readonly loader: Loader;
  private noise: number;
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>();
  private readonly modeListeners = new Set<(mode: BoardMode) => void>();
  private readonly unplugListeners = new Set<() => void>();

  constructor(options: SimBoardOptions) {
    this.chip = chipSpec(options.chip);
    this.revision = options.revision ?? this.chip.defaultRevision;
    this.seed = options.seed ?? nextSeed++;
    this.mac = options.mac === undefined ? macFromSeed(this.seed) : typeof options.mac === 'string' ? parseMac(options.mac) : Uint8Array.from(options.mac);
    if (this.mac.length !== 6) throw new Error('a MAC has 6 bytes');
    this.clock = options.clock ?? new SimClock(options.timing);
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
    this.faults = new FaultSet(options.faults);
    const sizeMB = parseFlashSize(options.flashSize ?? 4);
    this.spiFlash = new SpiFlash(sizeMB * 1024 * 1024, options.flashId ?? winbondId(sizeMB));
    this.regs = new RegisterFile(
      { chip: this.chip, flash: this.spiFlash, baud: () => this.uartBaud, flashAttached: () => this.current === 'stub' || this.loader.flashAttached },
      [...macFields(this.chip, this.mac), ...this.chip.revisionFields(this.revision)],
    );
    this.stubs = options.stubs ?? [esptoolJsStub(this.chip.stubFile(this.revision))];
    this.consoleLines = options.consoleLines;
    this.bootRequiresImage = options.bootRequiresImage ?? true;
    this.appSyncEntersRom = options.appSyncEntersRom ?? false;
    this.noise = this.seed * 2654435761 || 1;
    this.loader = this.makeLoader();
    this.rx = new Wire(this.clock, () => this.lineRate(), (bytes) => this.receive(bytes));
    this.tx = new Wire(this.clock, () => this.lineRate(), (bytes) => this.dataListeners.forEach((l) => l(bytes)));
  }

  // ── What tests and benches look at ──────────────────────────────────────────────────────

  get mode(): BoardMode {
    return this.current;
  }

  get macAddress(): string {
    return formatMac(this.mac);
  }

  /** The flash contents, live (a view, not a copy): dump it to a file as is. */
  get flash(): Uint8Array {
    return this.spiFlash.data;
  }

  get flashSize(): number {
    return this.spiFlash.size;
  }

  /** The UART's current baud rate on the board side. */
  get baud(): number {
    return this.uartBaud;
  }

  /** Simulated milliseconds on this board's clock (the time of the last thing that happened on it). */
  get simTimeMs(): number {
    return this.clock.now();
  }

  readFlash(offset: number, length: number): Uint8Array {
    return this.spiFlash.read(offset, length);
  }

  /** Puts bytes into flash as a previous production step would have (no erase needed). */
  loadFlash(offset: number, bytes: Uint8Array): void {
    if (!this.spiFlash.contains(offset, bytes.length)) throw new RangeError('outside the flash');
    this.spiFlash.data.set(bytes, offset);
  }

  /** Arms a fault now ("from the next matching command on"). */
  inject(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onModeChange(listener: (mode: BoardMode) => void): () => void {
    this.modeListeners.add(listener);
    return () => this.modeListeners.delete(listener);
  }

  onUnplug(listener: () => void): () => void {
    this.unplugListeners.add(listener);
    return () => this.unplugListeners.delete(listener);
  }

  // ── The host side: line, pins, power ─────────────────────────────────────────────────────

  /** Bytes from the host. They reach the chip at the line rate, garbled if the host's baud is not the board's. */
  input(bytes: Uint8Array): void {
    this.clock.touch();
    if (this.current === 'off' || bytes.length === 0) return;
    this.rx.send(this.mismatched() ? garble(bytes) : Uint8Array.from(bytes));
  }

  /** Resolves once every byte the host has sent so far has reached the chip (tcdrain). */
  whenInputDrained(): Promise<void> {
    this.clock.touch();
    return this.clock.sleep(Math.max(0, this.rx.idleAt() - this.clock.now()));
  }

  /** The baud the host's port is set to (null: unknown, e.g. a pty; assumed to match). */
  setHostBaud(baud: number | null): void {
    this.hostBaud = baud;
  }

  /** USB-Serial/JTAG: no baud rate on the wire, and the ROM's port variable says so. */
  setUsbLink(usb: boolean): void {
    this.usb = usb;
    const port = this.chip.usbJtag;
    if (usb && !port) throw new Error(`${this.chip.displayName} has no USB-Serial/JTAG peripheral`);
    if (port) this.regs.setFixed(port.bufNoAddr(this.revision), usb ? port.value : 0);
  }

  /** Electrical levels on EN (CHIP_PU) and IO0 (the boot strap): true = high. */
  setPins(pins: { en: boolean; io0: boolean }): void {
    this.clock.touch();
    const wasEn = this.en;
    this.en = pins.en;
    this.io0 = pins.io0;
    if (this.current === 'off') return;
    if (wasEn && !pins.en) this.holdInReset();
    else if (!wasEn && pins.en) this.releaseReset();
  }

  get pins(): { en: boolean; io0: boolean } {
    return { en: this.en, io0: this.io0 };
  }

  /**
   * Power comes on (plugged in). `quiet`: whatever the ROM prints before the host listens is lost.
   * `settled`: the board has long finished booting when the host arrives (no boot time to wait).
   */
  powerOn(options: { quiet?: boolean; settled?: boolean } = {}): void {
    this.clock.touch();
    if (this.current !== 'off') return;
    this.current = 'reset';
    if (!this.en) return;
    if (!options.settled) return this.releaseReset(undefined, options.quiet);
    this.latched = this.io0 ? 'app' : 'download';
    this.boot('power', options.quiet ?? false);
  }

  /** Out-of-band reset (a button press, a fixture relay): reboot into download mode or the app. */
  reset(into: 'download' | 'app', options: { quiet?: boolean } = {}): void {
    this.clock.touch();
    if (this.current === 'off') return;
    this.holdInReset();
    this.releaseReset(into, options.quiet);
  }

  /** The cable is pulled: power and port are gone. */
  unplug(): void {
    if (this.current === 'off') return;
    this.halt();
    this.setMode('off');
    this.unplugListeners.forEach((l) => l());
  }

  // ── Boot ──────────────────────────────────────────────────────────────────────────────────

  private holdInReset(): void {
    this.halt();
    this.setMode('reset');
  }

  private releaseReset(forced?: 'download' | 'app', quiet = false): void {
    const epoch = this.epoch;
    this.setMode('booting');
    // The strapping pins are latched shortly after EN rises (spec §6; ESP32 datasheet tH).
    this.clock.after(this.timing.strapHoldMs, () => {
      if (epoch !== this.epoch) return;
      this.latched = forced ?? (this.io0 ? 'app' : 'download');
    });
    this.clock.after(this.timing.romBootMs, () => {
      if (epoch === this.epoch) this.boot('power', quiet);
    });
  }

  private boot(cause: ResetCause, quiet: boolean): void {
    const epoch = this.epoch;
    if (this.latched === 'download') {
      if (!quiet) this.emit(downloadBanner(this.chip, cause), epoch);
      this.setMode('rom');
      this.loader.start(epoch);
      return;
    }
    if (!quiet) this.emit(flashBootBanner(this.chip, cause), epoch);
    this.startApp(epoch);
  }

  private startApp(epoch: number): void {
    this.setMode('app');
    const offset = this.chip.bootloaderOffset;
    if (this.bootRequiresImage && this.spiFlash.data[offset] !== 0xe9) {
      const word = (this.spiFlash.data[offset]! | (this.spiFlash.data[offset + 1]! << 8) | (this.spiFlash.data[offset + 2]! << 16) | (this.spiFlash.data[offset + 3]! << 24)) >>> 0;
      // The ROM keeps retrying; five complaints are enough to be seen.
      for (let i = 0; i < (this.chip.name === 'esp32' ? 1 : 5); i++) {
        this.clock.after(i * 100, () => this.emit(invalidHeaderLine(this.chip, word), epoch));
      }
      return;
    }
    this.clock.after(this.timing.appBootMs, () => {
      const ctx = { chip: this.chip, mac: this.macAddress, readFlash: (o: number, n: number) => this.readFlash(o, n) };
      this.emit(bootloaderLog(this.chip, this.revision) + appLines(this.consoleLines, ctx), epoch);
    });
  }

  /** Stops whatever the chip was doing; RAM, registers and the UART start over. Flash stays. */
  private halt(): void {
    this.epoch++;
    this.loader.reset();
    this.ram.clear();
    this.regs.reset();
    this.decoder.reset();
    this.appDecoder.reset();
    this.rx.cut();
    this.tx.cut();
    this.uartBaud = ROM_BAUD;
  }

  private hang(): void {
    this.epoch++;
    this.loader.stop();
    this.setMode('hung');
  }

  private setMode(mode: BoardMode): void {
    if (mode === this.current) return;
    this.current = mode;
    this.modeListeners.forEach((l) => l(mode));
  }

  // ── Bytes in, frames, bytes out ───────────────────────────────────────────────────────────

  private lineRate(): number {
    return this.usb ? this.timing.usbBytesPerMs : bytesPerMsAtBaud(this.uartBaud);
  }

  private mismatched(): boolean {
    return !this.usb && this.hostBaud !== null && Math.abs(this.hostBaud - this.uartBaud) > this.uartBaud * 0.03;
  }

  private receive(bytes: Uint8Array): void {
    if (this.current === 'rom' || this.current === 'stub') this.decoder.push(bytes);
    else if (this.current === 'app' && this.appSyncEntersRom) this.appDecoder.push(bytes);
  }

  private onAppFrame(frame: Uint8Array): void {
    if (parseRequest(frame)?.op !== Op.SYNC || this.current !== 'app') return;
    // No reset line on this link: act as if the host had reset the board into download mode.
    this.halt();
    this.latched = 'download';
    this.setMode('rom');
    this.loader.start(this.epoch);
    this.loader.push(frame);
  }

  private emit(text: string | Uint8Array, epoch: number): void {
    if (epoch !== this.epoch || this.current === 'off') return;
    const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
    this.tx.send(this.mismatched() ? garble(bytes) : bytes);
  }

  private randomBytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      this.noise ^= this.noise << 13;
      this.noise ^= this.noise >>> 17;
      this.noise ^= this.noise << 5;
      out[i] = this.noise & 0xff;
    }
    return out;
  }

  private makeLoader(): Loader {
    return new Loader({
      chip: this.chip,
      revision: this.revision,
      clock: this.clock,
      timing: this.timing,
      faults: this.faults,
      spiFlash: this.spiFlash,
      regs: this.regs,
      ram: this.ram,
      stubs: this.stubs,
      epoch: () => this.epoch,
      inStub: () => this.current === 'stub',
      emit: (bytes, epoch) => this.emit(bytes, epoch),
      txIdleAt: () => this.tx.idleAt(),
      setUartBaud: (baud) => void (this.uartBaud = baud),
      hang: () => this.hang(),
      unplug: () => this.unplug(),
      enterStub: () => {
        this.loader.resetForStub();
        this.setMode('stub');
      },
      softReset: () => {
        this.halt();
        this.setMode('booting');
        const epoch = this.epoch;
        this.clock.after(this.timing.romBootMs, () => {
          if (epoch === this.epoch) this.boot('software', false);
        });
      },
      runApp: () => {
        this.halt();
        this.startApp(this.epoch);
      },
      randomBytes: (n) => this.randomBytes(n),
    });
  }

  toString(): string {
    return `${this.chip.displayName} ${this.macAddress} (${this.current})`;
  }
}

/** What a receiver set to the wrong baud rate makes of the bytes: framing errors, never a SLIP delimiter. */
const garble = (bytes: Uint8Array): Uint8Array => bytes.map((b) => 0x80 | (b & 0x0f));

function parseFlashSize(size: FlashSizeOption): FlashSizeMB {
  const mb = typeof size === 'number' ? size : Number(size.replace('MB', ''));
  if (mb !== 2 && mb !== 4 && mb !== 8 && mb !== 16) throw new Error(`flash size must be 2, 4, 8 or 16 MB, got ${size}`);
  return mb;
}
