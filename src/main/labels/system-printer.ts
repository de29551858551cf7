import type { Dpi } from '../../shared/labels/units.js';
import type { Label } from './label.js';
import { PrinterError, type LabelPrinter, type PrintOutcome } from './printer.js';

/**
 * What the app brings to print on a printer of the system: the Electron shell
 * implements it with a hidden window's `webContents.print({ silent: true,
 * deviceName, pageSize: { width, height } (µm) })`. The engine never imports electron.
 */
export interface SystemPrintBackend {
  /** Prints one page of widthMm × heightMm holding the SVG, on the named system printer. */
  printSvg(request: { device: string; svg: string; widthMm: number; heightMm: number }): Promise<void>;
}

/** A printer of the operating system, through the app's backend. */
export class SystemPrinter implements LabelPrinter {
  readonly where: string;

  constructor(
    readonly name: string,
    private readonly device: string,
    private readonly backend: SystemPrintBackend,
    readonly dpi?: Dpi,
  ) {
    this.where = `system printer "${device}"`;
  }

  async print(label: Label): Promise<PrintOutcome> {
    try {
      await this.backend.printSvg({ device: this.device, svg: label.svg, widthMm: label.layout.widthMm, heightMm: label.layout.heightMm });
      return { where: this.where };
    } catch (error) {
      throw new PrinterError(this.name, 'send-failed', `printer "${this.name}" (${this.where}) did not print: ${(error as Error).message}`, 'check the printer in the system\'s printer settings, then print again');
    }
  }
}
