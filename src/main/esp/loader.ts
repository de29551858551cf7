import { changeBaudRate, flashMd5, readReg, spiAttach, spiSetParams } from './commands.js';
import { connectBootloader, type ConnectPlan } from './connect.js';
import { MAGIC_REGISTER, type Chip, type ChipName } from './chips.js';
import { identifyChip, readC2Revision, readP4Revision } from './detect.js';
import { EspError, espError, hex, type EspErrorCode, type EspStep } from './errors.js';
import { readFlash } from './flash-read.js';
import { flashSizeFromId, formatSize } from './flash-size.js';
import { writeAndVerify } from './flash-write.js';
import type { PreparedImage } from './image.js';
import { macFromWords, macWordAddresses, type MacAddress } from './mac.js';
import { Op } from './opcodes.js';
import { encodeRequest, words } from './packet.js';
import { isUsbJtagPort, openSerialPort, ROM_BAUD } from './port.js';
import type { EspProgress, ProgressListener } from './progress.js';
import { Protocol } from './protocol.js';
import { connectStrategies, hardReset, runReset, type AfterReset, type BeforeReset } from './reset.js';
import type { SerialBinding, SerialStream } from './serial-stream.js';
import { readFlashId } from './spi-flash.js';
import { esptoolJsStubs, runStub, stubFileFor, type StubImage, type StubSource } from './stub.js';
import { rememberStubNeedsRomBaud, stubKeepsRomBaud } from './stub-baud.js';
import { DEFAULT_TIMEOUTS, scaled, sleep, type Timeouts } from './timeouts.js';
import { Transport } from './transport.js';

const DEFAULT_FLASH_SIZE = 4 * 1024 * 1024;
const SECTOR = 0x1000;
/**
 * After CHANGE_BAUDRATE. The answer comes at the old rate once the board has handled the
 * command, and the board switches as soon as it has sent it (spec §3), so the wait only covers
 * the UART divider change on the board and the port's own switch.
 */
const BAUD_SETTLE_MS = 5;
/** What a fast-path stub start (uploaded at the new baud rate) that goes wrong may end in; anything else is not the baud rate. */
const FAST_STUB_FAILURES: ReadonlySet<EspErrorCode> = new Set<EspErrorCode>(['stub-no-hello', 'timeout', 'protocol', 'device-error', 'unsupported']);

export interface LoaderOptions {
  /** The chip the job expects; 'auto' (default) accepts any supported chip. */
  chip?: ChipName | 'auto';
  /** Baud rate to switch to once connected (the ROM always starts at 115200). */
  baudRate?: number;
  before?: BeforeReset;
  /** What finish() does; default hard-reset. */
  after?: AfterReset;
  /** Upload the flasher stub (default true); false talks to the ROM loader only. */
  stub?: boolean;
  /** Connect attempts, each a reset and up to 5 SYNCs (default 7). */
  attempts?: number;
  timeouts?: Partial<Timeouts>;
  stubSource?: StubSource;
  /** The port is the chip's built-in USB-Serial/JTAG; looked up by VID/PID when not given. */
  usbJtag?: boolean;
  platform?: NodeJS.Platform;
  onProgress?: ProgressListener;
}

export interface OpenOptions extends LoaderOptions {
  path: string;
  /** A serialport binding to use instead of the OS one (simulated boards, mocks). */
  binding?: SerialBinding;
}

export interface FlashInfo {
  /** 24-bit JEDEC id: manufacturer in the low byte. */
  id: number;
  /** Bytes, when the capacity code is known. */
  size?: number;
}

/**
 * A connection to one board's serial bootloader. Every loader owns its own state, so any
 * number of them run side by side on different ports in one process.
 */
export class EspLoader {
  private flashReady: Promise<FlashInfo> | undefined;
  private currentBaud = ROM_BAUD;

  private constructor(
    private readonly protocol: Protocol,
    readonly chip: Chip,
    private readonly options: LoaderOptions,
    private readonly usbJtag: boolean,
    private readonly ownsStream: boolean,
    private readonly connectPlan: ConnectPlan,
  ) {}

  /** Opens the port by path (OS binding, or `options.binding`) and connects. */
  static async open(options: OpenOptions): Promise<EspLoader> {
    const stream = await openSerialPort(options.path, ROM_BAUD, options.binding);
    const before = options.before ?? 'default';
    const usbJtag = options.usbJtag ?? (before === 'default' ? await isUsbJtagPort(options.path, options.binding) : false);
    return EspLoader.connectStream(stream, options.path, { ...options, usbJtag }, true);
  }

  /**
   * Connects over a stream that is already open at 115200 baud. With `ownsStream` false the
   * caller keeps the stream: close() then only stops listening to it.
   */
  static async connectStream(stream: SerialStream, port: string, options: LoaderOptions = {}, ownsStream = false): Promise<EspLoader> {
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    const transport = new Transport(stream, port, { step: 'connect' }, timeouts.serialWrite);
    const protocol = new Protocol(transport, timeouts);
    const emit = (event: EspProgress): void => options.onProgress?.(event);
    const usbJtag = options.usbJtag ?? false;
    try {
      const plan: ConnectPlan = {
        strategies: connectStrategies(options.before ?? 'default', usbJtag, options.platform ?? process.platform),
        attempts: options.attempts ?? 7,
        syncTries: 5,
        onAttempt: (attempt, strategy) => emit({ type: 'step', port, step: 'connect', message: `connecting (attempt ${attempt + 1}, reset: ${strategy.name})` }),
      };
      const synced = await connectBootloader(protocol, plan);
      protocol.stub = synced.stubRunning;
      transport.context.step = 'detect';
      const chip = await identifyChip(protocol, options.chip ?? 'auto');
      emit({ type: 'step', port, step: 'detect', message: `found ${chip.label}` });
      const loader = new EspLoader(protocol, chip, options, usbJtag, ownsStream, plan);
      const baud = options.baudRate && options.baudRate !== ROM_BAUD ? options.baudRate : undefined;
      if ((options.stub ?? true) && !protocol.stub) await loader.startStub(baud);
      if (baud !== undefined && loader.baudRate !== baud) await loader.changeBaudRate(baud);
      return loader;
    } catch (error) {
      if (ownsStream) await transport.close().catch(() => undefined);
      else transport.detach();
      throw error;
    }
  }

  get port(): string {
    return this.protocol.port;
  }

  /** True when the flasher stub answers, false when the ROM loader does. */
  get stubRunning(): boolean {
    return this.protocol.stub;
  }

  get baudRate(): number {
    return this.currentBaud;
  }

  async readMac(): Promise<MacAddress> {
    return this.step('detect', async () => {
      const [low, high] = macWordAddresses(this.chip);
      return macFromWords(this.chip.macLayout, await readReg(this.protocol, low), await readReg(this.protocol, high));
    });
  }

  /** Attaches the flash (ROM), reads its JEDEC id and tells the loader its size; done once. */
  flashInfo(): Promise<FlashInfo> {
    this.flashReady ??= this.step('attach', async () => {
      if (!this.protocol.stub) await spiAttach(this.protocol);
      const id = await readFlashId(this.protocol, this.chip.spi);
      const size = flashSizeFromId(id);
      await spiSetParams(this.protocol, size ?? DEFAULT_FLASH_SIZE);
      this.emit({ type: 'step', port: this.port, step: 'attach', message: `flash id ${hex(id)}, ${size ? formatSize(size) : `unknown size (assuming ${formatSize(DEFAULT_FLASH_SIZE)})`}` });
      return size === undefined ? { id } : { id, size };
    });
    this.flashReady.catch(() => (this.flashReady = undefined));
    return this.flashReady;
  }

  /** Writes each image and checks its MD5; throws at the first failure. */
  async flash(images: readonly PreparedImage[]): Promise<void> {
    const info = await this.flashInfo();
    for (const image of images) {
      if (info.size !== undefined && image.offset + image.data.length > info.size) {
        throw this.fail('invalid-argument', 'write', `the image at ${hex(image.offset)} (${image.data.length} bytes) does not fit the ${formatSize(info.size)} flash`);
      }
    }
    for (const image of images) {
      await writeAndVerify(this.protocol, this.chip, image, (phase, done, total) => this.emit({ type: 'region', port: this.port, phase, offset: image.offset, done, total }));
    }
  }

  async readFlash(offset: number, size: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || !Number.isInteger(size) || offset < 0 || size <= 0) {
      throw this.fail('invalid-argument', 'read', `cannot read ${size} bytes at ${offset}`);
    }
    await this.flashInfo();
    return readFlash(this.protocol, offset, size, (done, total) => this.emit({ type: 'region', port: this.port, phase: 'read', offset, done, total }));
  }

  async md5(offset: number, size: number): Promise<string> {
    await this.flashInfo();
    return this.step('verify', () => flashMd5(this.protocol, offset, size));
  }

  /** Erases whole 4 KiB sectors. The ROM has no erase command but erases on FLASH_BEGIN. */
  async eraseRegion(offset: number, size: number): Promise<void> {
    if (offset % SECTOR !== 0 || size % SECTOR !== 0 || size <= 0) {
      throw this.fail('invalid-argument', 'erase', `erase needs 4 KiB-aligned offset and size, got ${hex(offset)} + ${hex(size)}`);
    }
    await this.flashInfo();
    await this.step('erase', async () => {
      const t = this.protocol.timeouts;
      this.emit({ type: 'region', port: this.port, phase: 'erase', offset, done: 0, total: size });
      if (this.protocol.stub) {
        await this.protocol.command(Op.ERASE_REGION, { data: words(offset, size), timeoutMs: scaled(t, t.erasePerMb, size), payloadLength: 0 });
      } else {
        const extra = this.chip.romBeginHasEncryptedWord ? [0] : [];
        await this.protocol.command(Op.FLASH_BEGIN, { data: words(size, 0, 0x400, offset, ...extra), timeoutMs: scaled(t, t.erasePerMb, size), payloadLength: 0 });
      }
      this.emit({ type: 'region', port: this.port, phase: 'erase', offset, done: size, total: size });
    });
  }

  async eraseFlash(): Promise<void> {
    if (!this.protocol.stub) throw this.fail('unsupported', 'erase', 'erasing the whole flash needs the flasher stub (drop --no-stub)');
    await this.flashInfo();
    await this.step('erase', () => this.protocol.command(Op.ERASE_FLASH, { timeoutMs: this.protocol.timeouts.chipErase, payloadLength: 0 }));
  }

  /** CHANGE_BAUDRATE, then the port follows; the answer comes at the old rate. */
  async changeBaudRate(baudRate: number): Promise<void> {
    await this.step('connect', async () => {
      await this.switchBaud(baudRate);
      this.emit({ type: 'step', port: this.port, step: 'connect', message: `switched to ${baudRate} baud` });
    });
  }

  private async switchBaud(baudRate: number): Promise<void> {
    await changeBaudRate(this.protocol, baudRate, this.currentBaud);
    await this.protocol.transport.setBaudRate(baudRate);
    this.currentBaud = baudRate;
    await sleep(BAUD_SETTLE_MS);
    await this.protocol.transport.discardInput();
  }

  /** Leaves the board as `after` says (hard reset by default) and closes the port. */
  async finish(after: AfterReset = this.options.after ?? 'hard-reset'): Promise<void> {
    try {
      await this.reset(after);
    } finally {
      await this.close();
    }
  }

  /**
   * hard-reset: pulse EN so the firmware boots. no-reset: leave the board in the bootloader
   * (a running stub is asked to hand back to the ROM; that answer may never come).
   */
  async reset(after: AfterReset): Promise<void> {
    await this.step('reset', async () => {
      if (after === 'hard-reset') {
        await runReset(this.protocol.transport, hardReset(this.usbJtag));
      } else if (this.protocol.stub) {
        await this.protocol.request(Op.FLASH_BEGIN, { data: words(0, 0, 0x4000, 0, 0), payloadLength: 0 }).catch(ignoreTimeout);
        await this.protocol.request(Op.FLASH_END, { data: words(0), payloadLength: 0, timeoutMs: this.protocol.timeouts.memEnd }).catch(ignoreTimeout);
      }
    });
  }

  /** Stub only: start the firmware in flash without a reset. No answer comes. */
  async runUserCode(): Promise<void> {
    if (!this.protocol.stub) throw this.fail('unsupported', 'reset', 'starting the firmware without a reset needs the flasher stub');
    await this.step('reset', () => this.protocol.transport.send(encodeRequest(Op.RUN_USER_CODE, new Uint8Array(0))));
  }

  /** Closes the port (or lets go of a caller's stream). Does not reset the board; an operation in progress fails. */
  async close(): Promise<void> {
    if (this.ownsStream) await this.protocol.transport.close();
    else this.protocol.transport.detach();
  }

  /**
   * Uploads and starts the flasher stub. With a higher `fastBaud`, the ROM is switched to it
   * first and the stub uploaded at that rate: the stub keeps the ROM's rate. When it does not
   * answer there, the board is reset, reconnected at 115200 and the stub uploaded the slow way
   * (the caller then changes the baud rate through the stub); that is remembered per stub.
   */
  private async startStub(fastBaud?: number): Promise<void> {
    await this.step('stub', async () => {
      if (this.chip.name === 'esp32c2' && (await readC2Revision(this.protocol)) === 0) {
        this.emit({ type: 'step', port: this.port, step: 'stub', message: 'ESP32-C2 revision 0 cannot run the flasher stub: staying with the ROM loader' });
        return;
      }
      const p4Revision = this.chip.name === 'esp32p4' ? await readP4Revision(this.protocol) : undefined;
      const file = stubFileFor(this.chip.name, p4Revision);
      const image = await (this.options.stubSource ?? esptoolJsStubs)(file);
      if (fastBaud !== undefined && !this.usbJtag && stubKeepsRomBaud(file)) {
        const failure = await this.tryStubAtBaud(file, image, fastBaud);
        if (!failure) return;
        rememberStubNeedsRomBaud(file);
        await this.reconnectAtRomBaud(failure);
        if (this.protocol.stub) return;
      } else if (fastBaud !== undefined) {
        this.emit({ type: 'step', port: this.port, step: 'stub', message: `stub path: upload at ${ROM_BAUD} baud, then change the baud rate through the stub` });
      }
      this.emit({ type: 'step', port: this.port, step: 'stub', message: `uploading the flasher stub (${file})` });
      await runStub(this.protocol, image);
      this.emit({ type: 'step', port: this.port, step: 'stub', message: 'flasher stub running' });
    });
  }

  /** The fast path; returns the error that made it fail, when it is one the slow path may avoid. */
  private async tryStubAtBaud(file: string, image: StubImage, baudRate: number): Promise<EspError | undefined> {
    try {
      await this.switchBaud(baudRate);
      this.emit({ type: 'step', port: this.port, step: 'stub', message: `stub path: uploading the flasher stub (${file}) at ${baudRate} baud, set in the ROM` });
      await runStub(this.protocol, image);
      // The first stub command: OHAI alone could be a leftover of the line.
      await readReg(this.protocol, MAGIC_REGISTER);
      this.emit({ type: 'step', port: this.port, step: 'stub', message: `flasher stub running at ${baudRate} baud` });
      return undefined;
    } catch (error) {
      if (!(error instanceof EspError) || !FAST_STUB_FAILURES.has(error.code)) throw error;
      this.emit({ type: 'step', port: this.port, step: 'stub', message: `stub path: no answer from the stub at ${baudRate} baud (${error.message}); falling back to upload at ${ROM_BAUD} baud and remembering it for ${file}` });
      return error;
    }
  }

  /** Back to the ROM loader at 115200 after the fast path failed; its error stands when the board does not come back. */
  private async reconnectAtRomBaud(failure: EspError): Promise<void> {
    const transport = this.protocol.transport;
    await transport.setBaudRate(ROM_BAUD);
    this.currentBaud = ROM_BAUD;
    this.protocol.stub = false;
    try {
      const synced = await connectBootloader(this.protocol, this.connectPlan);
      this.protocol.stub = synced.stubRunning;
    } catch (error) {
      if (error instanceof EspError && error.code === 'no-answer') throw failure;
      throw error;
    } finally {
      transport.context.step = 'stub';
    }
  }

  private async step<T>(step: EspStep, work: () => Promise<T>): Promise<T> {
    this.protocol.transport.context.step = step;
    return work();
  }

  private emit(event: EspProgress): void {
    this.options.onProgress?.(event);
  }

  private fail(code: 'invalid-argument' | 'unsupported', step: EspStep, message: string): EspError {
    return espError(code, step, this.port, message);
  }
}

function ignoreTimeout(error: unknown): void {
  if (!(error instanceof EspError) || error.code !== 'timeout') throw error;
}
