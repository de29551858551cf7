import { basename } from 'node:path';
import type { CallRequest, CallResponse } from '../../shared/api.js';
import type { LoadedJob } from '../job/load-job.js';
import {
  choosePrinter,
  defaultTemplatePath,
  deviceLabelFields,
  jobTemplatePath,
  loadLabelTemplate,
  loadPrintersFile,
  printLabel,
  renderLabel,
  type LabelTemplate,
  type SystemPrintBackend,
} from '../labels/index.js';
import type { DeviceRow, Ledger } from '../ledger/index.js';
import { CallRefusal } from '../shell/ipc-calls.js';

export interface LabelCallsOptions {
  ledger: Ledger;
  printersFile: () => string;
  /** The open job: its template and constants label its own devices. */
  job: () => LoadedJob | undefined;
  systemPrint?: SystemPrintBackend;
}

/** The Labels view's calls: a device's label as it will print, the printers, and (re)printing it. */
export class LabelCalls {
  constructor(private readonly options: LabelCallsOptions) {}

  printers(): CallResponse<'labels.printers'> {
    const file = this.options.printersFile();
    try {
      return { file, printers: Object.entries(loadPrintersFile(file)).map(([name, settings]) => ({ name, kind: settings.kind })) };
    } catch (error) {
      return { file, printers: [], error: error instanceof Error ? error.message : String(error) };
    }
  }

  preview({ allocationId }: CallRequest<'labels.preview'>): CallResponse<'labels.preview'> {
    const row = this.row(allocationId);
    const { template, file, constants } = this.templateFor(row);
    const label = renderLabel(template, deviceLabelFields(this.options.ledger, row), { constants });
    return { serial: row.serial, mac: row.mac, template: template.name ?? basename(file), svg: label.svg, widthMm: template.size.width, heightMm: template.size.height };
  }

  async print({ allocationId, printer: name, reason }: CallRequest<'labels.print'>): Promise<CallResponse<'labels.print'>> {
    const row = this.row(allocationId);
    const file = this.options.printersFile();
    const printer = choosePrinter(loadPrintersFile(file), name, file, this.options.systemPrint);
    const { template, constants } = this.templateFor(row);
    const result = await printLabel({ ledger: this.options.ledger, term: row.serial, printer, template, constants, ...(reason !== undefined ? { reason } : {}) });
    return { serial: result.serial, printer: name, reprint: result.reprint, where: result.where };
  }

  private row(allocationId: number): DeviceRow {
    const row = this.options.ledger.queries.findByAllocation(allocationId);
    if (!row) throw new CallRefusal('failed', `no device with allocation ${allocationId} in the ledger`);
    return row;
  }

  /** The open job's template for its own devices; the default one for others. */
  private templateFor(row: DeviceRow): { template: LabelTemplate; file: string; constants: Readonly<Record<string, string>> } {
    const job = this.options.job();
    if (job && job.settings.name === row.job) {
      const constants = job.settings.constants ?? {};
      const file = jobTemplatePath(job.dir, job.settings.labels);
      return { template: loadLabelTemplate(file, { constants }), file, constants };
    }
    const file = defaultTemplatePath();
    return { template: loadLabelTemplate(file), file, constants: {} };
  }
}
