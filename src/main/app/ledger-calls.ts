import type { CallRequest, CallResponse, DeviceDetailView } from '../../shared/api.js';
import { writeStreamAtomic } from '../files/atomic-stream.js';
import { exportDevices, type DeviceFilter, type Ledger } from '../ledger/index.js';
import { CallRefusal } from '../shell/ipc-calls.js';

/**
 * How long a filter's total is reused: counting a million rows on every scroll
 * would be wasted work. The app's own writes clear it at once (`changed`); this
 * bounds how long another process's writes (the command line) go uncounted.
 */
const TOTAL_TTL_MS = 1000;

/** The Ledger view's calls. */
export class LedgerCalls {
  private totals = new Map<string, { total: number; at: number }>();

  constructor(
    private readonly ledger: Ledger,
    private readonly chooseExportFile: (suggested: string) => Promise<string | undefined>,
  ) {}

  rows({ filter, offset, limit }: CallRequest<'ledger.rows'>): CallResponse<'ledger.rows'> {
    return { rows: this.ledger.queries.window(filter, offset, limit), total: this.total(filter) };
  }

  find({ term }: CallRequest<'ledger.find'>): CallResponse<'ledger.find'> {
    return this.ledger.queries.find(term) ?? null;
  }

  detail({ allocationId }: CallRequest<'ledger.detail'>): DeviceDetailView {
    const row = this.ledger.queries.findByAllocation(allocationId);
    const detail = row && this.ledger.queries.detail(row.serial);
    if (!detail) throw new CallRefusal('failed', `no device with allocation ${allocationId} in the ledger`);
    return {
      mac: detail.mac,
      chip: detail.chip,
      firstSeen: detail.firstSeen,
      identities: detail.identities,
      // Certificates are public, but the list shows what they are, not their PEM.
      certificates: detail.certificates.map(({ serial, fingerprint, origin, status, subject, notAfter, createdAt }) => ({ serial, fingerprint, origin, status, subject, notAfter, createdAt })),
      labelPrints: detail.labelPrints.map(({ at, printer, operator, reason, reprint, status, error }) => ({ at, printer, operator, reason, reprint, status, error })),
      events: detail.events.map(({ id, at, kind, actor, port, data }) => ({ id, at, kind, actor, port, data })),
    };
  }

  jobs(): string[] {
    return this.ledger.queries.jobNames();
  }

  async export({ filter, format }: CallRequest<'ledger.export'>): Promise<CallResponse<'ledger.export'>> {
    const file = await this.chooseExportFile(`devices.${format}`);
    if (file === undefined) return null;
    const rows = await writeStreamAtomic(file, (write) => exportDevices(this.ledger.queries, format, filter, write));
    return { file, rows };
  }

  /** The ledger was written (a board got a serial, ended, …): totals are counted again. */
  changed(): void {
    this.totals.clear();
  }

  devices(): number {
    return this.ledger.queries.count();
  }

  private total(filter: DeviceFilter): number {
    const key = JSON.stringify(Object.entries(filter).sort());
    const now = performance.now();
    const cached = this.totals.get(key);
    if (cached && now - cached.at < TOTAL_TTL_MS) return cached.total;
    const total = this.ledger.queries.count(filter);
    if (this.totals.size > 50) this.totals.clear();
    this.totals.set(key, { total, at: now });
    return total;
  }
}
