import { useCallback, useEffect, useRef, useState } from 'react';
import type { DeviceFilterView } from '../../../shared/api';
import { call, errorText } from '../bridge';
import { DeviceDetail } from './DeviceDetail';
import { emptyFilterForm, isFiltered, sameFilter, toDeviceFilter, type FilterForm, type StatusChoice } from './filter';
import { devices, formatCount } from './format';
import { LedgerGrid } from './LedgerGrid';
import { useLedgerRows } from './use-ledger-rows';
import './ledger.css';

export interface LedgerViewProps {
  /** Operator mode. The ledger view only reads (and exports), so it looks the same either way. */
  locked: boolean;
  /** A serial or MAC to open (a barcode scanner's): each new value is looked up and its device opened. */
  focusSerial?: string;
  /** A new number with the same serial opens it again (the same label scanned twice). */
  focusScan?: number;
  onShowLabel?: (allocationId: number) => void;
}

/** How long the filter waits after the last keystroke before it lists again. */
const FILTER_DELAY_MS = 250;

type Notice = { kind: 'info' | 'error'; text: string } | undefined;

/** Every device of the ledger: a virtualised list with filters, search, export and a device's whole story. */
export function LedgerView({ locked: _locked, focusSerial, focusScan, onShowLabel }: LedgerViewProps) {
  const [form, setForm] = useState<FilterForm>(emptyFilterForm);
  const [filter, setFilter] = useState<DeviceFilterView>({});
  const [jobs, setJobs] = useState<string[]>([]);
  const [jobsError, setJobsError] = useState<string | undefined>();
  const [term, setTerm] = useState('');
  const [searchNotice, setSearchNotice] = useState<Notice>();
  const [exportNotice, setExportNotice] = useState<Notice>();
  const [exporting, setExporting] = useState(false);
  const [detailId, setDetailId] = useState<number | undefined>();
  const grid = useRef<HTMLDivElement>(null);
  const rows = useLedgerRows(filter);
  const { store } = rows;

  useEffect(() => {
    call('ledger.jobs', {}).then(
      (names) => setJobs(names),
      (failure: unknown) => setJobsError(errorText(failure)),
    );
  }, [rows.generation]);

  // The filter as typed, applied once the typing pauses.
  useEffect(() => {
    const next = toDeviceFilter(form);
    if (sameFilter(next, filter)) return undefined;
    const timer = setTimeout(() => setFilter(next), FILTER_DELAY_MS);
    return () => clearTimeout(timer);
  }, [form, filter]);

  const find = useCallback(async (text: string) => {
    const wanted = text.trim();
    if (!wanted) return;
    setSearchNotice({ kind: 'info', text: `Looking for ${wanted}…` });
    try {
      const row = await call('ledger.find', { term: wanted });
      if (!row) {
        setSearchNotice({ kind: 'error', text: `No device has the serial or MAC “${wanted}”.` });
        return;
      }
      setSearchNotice(undefined);
      setDetailId(row.allocationId);
    } catch (failure) {
      setSearchNotice({ kind: 'error', text: `Could not search the ledger: ${errorText(failure)}` });
    }
  }, []);

  useEffect(() => {
    if (focusSerial) void find(focusSerial);
    // focusScan is a dependency on purpose: a second scan of the same serial opens it again.
  }, [focusSerial, focusScan, find]);

  const openRow = useCallback(
    (index: number) => {
      void store.rowAt(index).then((row) => {
        if (row) setDetailId(row.allocationId);
      });
    },
    [store],
  );

  const closeDetail = () => {
    setDetailId(undefined);
    grid.current?.querySelector<HTMLElement>('[role="grid"]')?.focus();
  };

  const exportTo = async (format: 'csv' | 'json') => {
    setExporting(true);
    setExportNotice({ kind: 'info', text: `Exporting ${format.toUpperCase()}…` });
    try {
      const written = await call('ledger.export', { filter, format });
      setExportNotice(written ? { kind: 'info', text: `${devices(written.rows)} written to ${written.file}` } : { kind: 'info', text: 'Export cancelled.' });
    } catch (failure) {
      setExportNotice({ kind: 'error', text: `Export failed: ${errorText(failure)}` });
    } finally {
      setExporting(false);
    }
  };

  const update = (change: Partial<FilterForm>) => setForm((previous) => ({ ...previous, ...change }));
  const filtered = isFiltered(filter);
  const total = store.total;
  const newer = store.latestTotal !== undefined && total !== undefined && store.latestTotal !== total ? store.latestTotal - total : 0;

  return (
    <section className="ledger" aria-label="Ledger">
      <div className="ledger-toolbar">
        <form
          className="ledger-search"
          role="search"
          onSubmit={(event) => {
            event.preventDefault();
            void find(term);
          }}
        >
          <label>
            Find a device
            <input type="search" value={term} maxLength={200} placeholder="serial or MAC, then Enter" onChange={(event) => setTerm(event.target.value)} />
          </label>
          <button type="submit" disabled={!term.trim()}>
            Find
          </button>
        </form>
        <div className="ledger-filters" role="group" aria-label="Filters">
          <label>
            Serial starts with
            <input type="text" value={form.serialPrefix} maxLength={200} onChange={(event) => update({ serialPrefix: event.target.value })} />
          </label>
          <label>
            MAC starts with
            <input type="text" value={form.macPrefix} maxLength={40} onChange={(event) => update({ macPrefix: event.target.value })} />
          </label>
          <label>
            Status
            <select value={form.status} onChange={(event) => update({ status: event.target.value as StatusChoice })}>
              <option value="">all</option>
              <option value="pending">pending</option>
              <option value="provisioned">provisioned</option>
              <option value="voided">voided</option>
            </select>
          </label>
          <label>
            Job
            <select value={form.job} onChange={(event) => update({ job: event.target.value })} title={jobsError ? `Could not list the jobs: ${jobsError}` : undefined}>
              <option value="">all</option>
              {jobs.map((job) => (
                <option key={job} value={job}>
                  {job}
                </option>
              ))}
            </select>
          </label>
          <label>
            Since
            <input type="date" value={form.since} onChange={(event) => update({ since: event.target.value })} />
          </label>
          <label>
            Until
            <input type="date" value={form.until} onChange={(event) => update({ until: event.target.value })} />
          </label>
          <button type="button" onClick={() => setForm(emptyFilterForm)} disabled={sameFilter(toDeviceFilter(form), {})}>
            Clear filters
          </button>
        </div>
        <div className="ledger-export">
          <button type="button" onClick={() => void exportTo('csv')} disabled={exporting}>
            Export CSV…
          </button>
          <button type="button" onClick={() => void exportTo('json')} disabled={exporting}>
            Export JSON…
          </button>
        </div>
      </div>

      <div className="ledger-status">
        <span className="ledger-count" role="status" aria-live="polite">
          {total === undefined ? 'Counting devices…' : filtered ? `${devices(total)} match the filter` : devices(total)}
        </span>
        {newer !== 0 && (
          <button type="button" className="ledger-newer" onClick={rows.refresh}>
            {newer > 0 ? `${formatCount(newer)} new ${newer === 1 ? 'device' : 'devices'} — refresh` : 'The ledger changed — refresh'}
          </button>
        )}
        {store.error && (
          <span role="alert" className="ledger-error">
            Could not read the ledger: {store.error}{' '}
            <button type="button" onClick={rows.refresh}>
              Retry
            </button>
          </span>
        )}
        {searchNotice && (
          <span role={searchNotice.kind === 'error' ? 'alert' : undefined} className={searchNotice.kind === 'error' ? 'ledger-error' : 'muted'}>
            {searchNotice.text}
          </span>
        )}
        {exportNotice && (
          <span role={exportNotice.kind === 'error' ? 'alert' : 'status'} className={exportNotice.kind === 'error' ? 'ledger-error' : 'muted'}>
            {exportNotice.text}
          </span>
        )}
      </div>

      <div className={`ledger-body${detailId !== undefined ? ' with-detail' : ''}`} ref={grid}>
        <LedgerGrid store={store} version={rows.version} generation={rows.generation} onOpen={openRow} />
        {detailId !== undefined && <DeviceDetail allocationId={detailId} onClose={closeDetail} {...(onShowLabel ? { onShowLabel } : {})} />}
      </div>
    </section>
  );
}
