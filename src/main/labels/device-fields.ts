import type { DeviceRow, Ledger } from '../ledger/index.js';
import type { LabelFields } from '../../shared/labels/fields.js';

/** YYYY-MM-DD in local time, as the serial templates count days. */
const localDate = (iso: string): string => {
  const date = new Date(iso);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
};

/** A device's label fields from the ledger: its row, and its job's product. The date is the day it was provisioned (or allocated, if not yet). */
export function deviceLabelFields(ledger: Ledger, row: DeviceRow): LabelFields {
  const product = ledger.queries.jobProduct(row.job);
  return {
    serial: row.serial,
    mac: row.mac,
    product: product ?? '',
    job: row.job,
    date: localDate(row.provisionedAt ?? row.createdAt),
    chip: row.chip ?? '',
  };
}
