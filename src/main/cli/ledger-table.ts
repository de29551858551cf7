import type { DeviceRow } from '../ledger/index.js';
import { replaceControlCharacters } from '../../shared/text/control-characters.js';

const COLUMNS: [string, (row: DeviceRow) => string][] = [
  ['SERIAL', (row) => row.serial],
  ['MAC', (row) => row.mac],
  ['STATUS', (row) => row.status],
  ['JOB', (row) => row.job],
  ['PORT', (row) => row.port ?? ''],
  ['ALLOCATED', (row) => row.createdAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z')],
  ['LAST STEP', (row) => row.lastStep ?? ''],
];

/** Devices as an aligned text table, for a terminal. */
export function formatDeviceTable(rows: readonly DeviceRow[]): string {
  const cells = [COLUMNS.map(([header]) => header), ...rows.map((row) => COLUMNS.map(([, cell]) => replaceControlCharacters(cell(row), '?')))];
  const widths = COLUMNS.map((_, column) => Math.max(...cells.map((line) => line[column]!.length)));
  return cells.map((line) => line.map((cell, column) => (column === line.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ').trimEnd()).join('\n') + '\n';
}
