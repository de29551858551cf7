import type { Dpi } from '../../shared/labels/units.js';
import type { Label } from './label.js';

/** Somewhere a label goes: a Zebra on the network, a PDF file, a system printer. */
export interface LabelPrinter {
  /** Its name in the printers file. */
  readonly name: string;
  /** Where it is, for messages: "10.0.0.5:9100", a folder. */
  readonly where: string;
  /** Its resolution, when labels should be laid out at it rather than at the template's. */
  readonly dpi?: Dpi;
  /** Prints one label; resolves once the printer has it, rejects with a PrinterError. */
  print(label: Label): Promise<PrintOutcome>;
}

export interface PrintOutcome {
  /** Where the label went: the printer's address, the file written. */
  where: string;
}

export type PrinterCondition = 'unreachable' | 'no-status' | 'not-ready' | 'send-failed' | 'write-failed';

/** A label that did not reach the printer: which printer, what condition, and what to do. */
export class PrinterError extends Error {
  override readonly name = 'PrinterError';
  constructor(
    readonly printer: string,
    readonly condition: PrinterCondition,
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}
