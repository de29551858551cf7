import { csvLine } from './csv-cell.js';
import type { DeviceFilter, LedgerQueries } from './queries.js';
import type { DeviceRow } from './types.js';

export type ExportFormat = 'csv' | 'json';

const COLUMNS: readonly [keyof DeviceRow, string][] = [
  ['serial', 'serial'],
  ['mac', 'mac'],
  ['status', 'status'],
  ['job', 'job'],
  ['chip', 'chip'],
  ['port', 'port'],
  ['certFingerprint', 'certificate_sha256'],
  ['imageSha256', 'image_sha256'],
  ['createdAt', 'allocated_at'],
  ['provisionedAt', 'provisioned_at'],
  ['voidReason', 'void_reason'],
  ['lastStep', 'last_step'],
];

/**
 * Writes every matching device in allocation order, a page at a time, waiting
 * for `write` between pages: memory stays flat whatever the ledger's size.
 * JSON is one array of objects; CSV has a header row and formula-safe cells.
 */
export async function exportDevices(queries: LedgerQueries, format: ExportFormat, filter: DeviceFilter, write: (text: string) => Promise<void> | void): Promise<number> {
  let count = 0;
  await write(format === 'csv' ? csvLine(COLUMNS.map(([, header]) => header)) : '[');
  for (const rows of queries.scan(filter)) {
    let chunk = '';
    for (const row of rows) {
      if (format === 'csv') {
        chunk += csvLine(COLUMNS.map(([key]) => row[key]));
      } else {
        const record: Record<string, unknown> = {};
        for (const [key, header] of COLUMNS) record[header] = row[key];
        chunk += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(record)}`;
      }
      count++;
    }
    await write(chunk);
  }
  await write(format === 'csv' ? '' : count === 0 ? ']\n' : '\n]\n');
  return count;
}
