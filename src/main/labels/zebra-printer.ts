import type { Dpi } from '../../shared/labels/units.js';
import { HostStatusError, hostStatusStrings, notReadyConditions, parseHostStatus, type ZebraHostStatus } from '../../shared/labels/zebra-status.js';
import type { Label } from './label.js';
import { PrinterError, type LabelPrinter, type PrintOutcome } from './printer.js';
import { TcpSession, TcpSessionError } from './tcp-session.js';

export interface ZebraPrinterOptions {
  name: string;
  host: string;
  /** The raw print port (default 9100). */
  port?: number;
  dpi?: Dpi;
  connectTimeoutMs?: number;
  /** How long the printer has to answer ~HS. */
  statusTimeoutMs?: number;
  /** How long it has to take the label and close. */
  sendTimeoutMs?: number;
}

const HINTS = {
  unreachable: 'check that the printer is on, its network cable, and its address and port (9100) in the printers file',
  'no-status': 'look at the printer: a Zebra does not answer while out of paper or ribbon or with its head open; fix it and print again',
  'not-ready': 'fix it at the printer (load labels, close the head, press PAUSE to resume), then print again',
  'send-failed': 'the label may not have been printed: look at the printer, then print again (with --reason if it came out)',
} as const;

/**
 * A Zebra (ZPL II) printer on its raw TCP port. Each print is one connection:
 * `~HS` first, and the label only when the answer says the printer can print it.
 */
export class ZebraPrinter implements LabelPrinter {
  readonly name: string;
  readonly where: string;
  readonly dpi?: Dpi;

  constructor(private readonly options: ZebraPrinterOptions) {
    this.name = options.name;
    this.where = `${options.host}:${options.port ?? 9100}`;
    if (options.dpi) this.dpi = options.dpi;
  }

  /** Asks the printer how it is (one connection). */
  async status(): Promise<ZebraHostStatus> {
    const session = await this.connect();
    try {
      return await this.readStatus(session);
    } finally {
      session.destroy();
    }
  }

  async print(label: Label): Promise<PrintOutcome> {
    const session = await this.connect();
    try {
      const status = await this.readStatus(session);
      const conditions = notReadyConditions(status);
      if (conditions.length > 0) this.fail('not-ready', `printer "${this.name}" (${this.where}) cannot print: ${conditions.join(', ')}`);
      try {
        await session.write(label.zpl);
        await session.end(this.options.sendTimeoutMs ?? 10_000);
      } catch (error) {
        this.fail('send-failed', `printer "${this.name}" (${this.where}) did not take the label: ${(error as Error).message}`);
      }
      return { where: this.where };
    } finally {
      session.destroy();
    }
  }

  private async connect(): Promise<TcpSession> {
    try {
      return await TcpSession.connect(this.options.host, this.options.port ?? 9100, this.options.connectTimeoutMs ?? 3000);
    } catch (error) {
      return this.fail('unreachable', `printer "${this.name}" at ${this.where} is offline or unreachable: ${(error as Error).message}`);
    }
  }

  private async readStatus(session: TcpSession): Promise<ZebraHostStatus> {
    const timeoutMs = this.options.statusTimeoutMs ?? 3000;
    try {
      await session.write('~HS');
      return parseHostStatus(await session.readUntil((text) => hostStatusStrings(text).length >= 3, timeoutMs));
    } catch (error) {
      const why = error instanceof TcpSessionError && error.code === 'ETIMEDOUT' ? `no answer to the status request (~HS) within ${timeoutMs / 1000} s` : error instanceof HostStatusError ? error.message : `the status request (~HS) failed: ${(error as Error).message}`;
      return this.fail('no-status', `printer "${this.name}" (${this.where}) is not ready: ${why}`);
    }
  }

  private fail(condition: keyof typeof HINTS, message: string): never {
    throw new PrinterError(this.name, condition, message, HINTS[condition]);
  }
}
