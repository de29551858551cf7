import type { DeviceFilterView } from '../../../shared/api';

export type StatusChoice = '' | 'pending' | 'provisioned' | 'voided';

/** The ledger's filter as the operator types it. */
export interface FilterForm {
  status: StatusChoice;
  job: string;
  /** YYYY-MM-DD from a date field, or empty. */
  since: string;
  /** YYYY-MM-DD, the last day included, or empty. */
  until: string;
  serialPrefix: string;
  macPrefix: string;
}

export const emptyFilterForm: FilterForm = { status: '', job: '', since: '', until: '', serialPrefix: '', macPrefix: '' };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day after a YYYY-MM-DD day (the ledger's `until` is exclusive; the form's is the last day included). */
export function dayAfter(day: string): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const next = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1));
  return next.toISOString().slice(0, 10);
}

/** The filter for ledger.rows and ledger.export: empty fields left out, in a fixed key order (so two equal filters compare equal as JSON). */
export function toDeviceFilter(form: FilterForm): DeviceFilterView {
  const filter: DeviceFilterView = {};
  const job = form.job.trim();
  const serialPrefix = form.serialPrefix.trim();
  const macPrefix = form.macPrefix.trim();
  if (job) filter.job = job;
  if (form.status) filter.status = form.status;
  if (form.since.trim()) filter.since = form.since.trim();
  if (form.until.trim()) filter.until = dayAfter(form.until.trim());
  if (serialPrefix) filter.serialPrefix = serialPrefix;
  if (macPrefix) filter.macPrefix = macPrefix;
  return filter;
}

export const isFiltered = (filter: DeviceFilterView): boolean => Object.keys(filter).length > 0;

export const sameFilter = (a: DeviceFilterView, b: DeviceFilterView): boolean => JSON.stringify(a) === JSON.stringify(b);
