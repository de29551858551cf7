import { LabelLayoutError } from '../../shared/labels/layout.js';
import type { LabelTemplate } from '../../shared/labels/template-schema.js';
import type { Ledger } from '../ledger/index.js';
import { deviceLabelFields } from './device-fields.js';
import type { Label } from './label.js';
import { LabelError } from './label-error.js';
import type { LabelPrinter } from './printer.js';
import { renderLabel } from './render.js';

export interface PrintLabelRequest {
  ledger: Ledger;
  /** A serial, or a MAC in any spelling. */
  term: string;
  printer: LabelPrinter;
  template: LabelTemplate;
  /** Why: required for a reprint, kept in the ledger. */
  reason?: string;
  /** Who prints (default: the ledger's actor, user@host). */
  operator?: string;
  /** A reprint. A device whose label was printed before gets a reprint whatever this says. */
  reprint?: boolean;
  /** A job's constants for the template. */
  constants?: Readonly<Record<string, string>>;
}

export interface PrintLabelResult {
  serial: string;
  mac: string;
  reprint: boolean;
  /** The label_prints row. */
  printId: number;
  /** Where it went: the printer's address, the PDF written. */
  where: string;
  label: Label;
}

/**
 * Prints a device's label from the ledger and records the print: `printed`
 * once the printer has it, or `failed` with the printer's error (which is then
 * thrown: nothing is recorded as printed that was not).
 */
export async function printLabel(request: PrintLabelRequest): Promise<PrintLabelResult> {
  const { ledger, term, printer } = request;
  const row = ledger.queries.find(term);
  if (!row) throw new LabelError('unknown-device', `no device with serial or MAC "${term}" in ${ledger.file}`, 'check the serial or MAC (factory-bench ledger list --search …)');
  if (row.status === 'voided') throw new LabelError('voided', `${row.serial} was voided (${row.voidReason ?? 'no reason'}): its label is not printed again`, 'a voided identity is never used again; provision the board to give it a new one');
  const printed = (ledger.queries.detail(row.serial)?.labelPrints ?? []).filter((print) => print.allocationId === row.allocationId && print.status === 'printed');
  const reprint = request.reprint === true || printed.length > 0;
  const reason = request.reason?.trim() || undefined;
  if (reprint && !reason) {
    const last = printed.at(-1);
    throw new LabelError(
      'reason-required',
      last ? `${row.serial} already has a printed label (${last.at} on ${last.printer} by ${last.operator}): printing it again is a reprint, which needs a reason` : `a reprint of ${row.serial} needs a reason`,
      'say why, e.g. --reason "label damaged"',
    );
  }
  let label: Label;
  try {
    label = renderLabel(request.template, deviceLabelFields(ledger, row), { ...(printer.dpi ? { dpi: printer.dpi } : {}), ...(request.constants ? { constants: request.constants } : {}) });
  } catch (error) {
    if (error instanceof LabelLayoutError) throw new LabelError('layout', `the label of ${row.serial} cannot be laid out: ${error.message}`, 'change the template (sizes, data) for this device');
    throw error;
  }
  const record = { printer: printer.name, reprint, ...(reason ? { reason } : {}), ...(request.operator ? { operator: request.operator } : {}) };
  let where: string;
  try {
    ({ where } = await printer.print(label));
  } catch (error) {
    ledger.recordLabelPrint(row.allocationId, { ...record, status: 'failed', error: (error as Error).message });
    throw error;
  }
  const printId = ledger.recordLabelPrint(row.allocationId, { ...record, status: 'printed' });
  return { serial: row.serial, mac: row.mac, reprint, printId, where, label };
}
