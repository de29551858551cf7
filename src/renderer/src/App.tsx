import { useCallback, useEffect, useRef, useState, type JSX } from 'react';
import type { AppEvent, AppInfo, JobView as Job, OperatorState } from '../../shared/api';
import { NavBar } from './app/NavBar';
import { TopBar } from './app/TopBar';
import { useScanner } from './app/useScanner';
import { VIEWS, viewForKey, type Route, type ViewId } from './app/views';
import { BenchView } from './bench/BenchView';
import { defaultSettings, type BenchSettings } from './bench/settings';
import { createBenchStore } from './bench/store';
import { call, errorText, useEvents } from './bridge';
import { JobView } from './job/JobView';
import { LabelsView } from './labels/LabelsView';
import { LedgerView } from './ledger/LedgerView';
import './styles/app.css';

type Status = { kind: 'info' | 'error'; text: string } | undefined;

/** Events that came before bench.state answered, applied after it unless the answer already held them. */
function unseen(buffered: readonly AppEvent[], replayed: readonly AppEvent[]): AppEvent[] {
  if (buffered.length === 0) return [];
  const tail = new Set(replayed.slice(-(buffered.length + 16)).map((event) => JSON.stringify(event)));
  return buffered.filter((event) => !tail.has(JSON.stringify(event)));
}

/**
 * The application frame: the top bar, the four views (a route in state: no
 * router library), the operator lock, and the barcode scanner that opens a
 * device in the Ledger from anywhere.
 */
export function App() {
  const [route, setRoute] = useState<Route>({ view: 'bench' });
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [infoError, setInfoError] = useState<string | undefined>();
  const [job, setJob] = useState<Job | null | undefined>();
  const [jobError, setJobError] = useState<string | undefined>();
  const [operator, setOperator] = useState<OperatorState | undefined>();
  const [status, setStatus] = useState<Status>();
  const [settings, setSettings] = useState<BenchSettings>(defaultSettings);
  const [store] = useState(createBenchStore);
  const main = useRef<HTMLElement>(null);
  const scans = useRef(0);
  /** Events held until bench.state answers (undefined once it has). */
  const early = useRef<AppEvent[] | undefined>([]);

  useEvents((events) => {
    if (early.current) early.current.push(...events);
    else store.apply(events);
    for (const event of events) {
      if (event.type === 'operator') setOperator((current) => ({ passphraseSet: (current?.passphraseSet ?? false) || event.locked, locked: event.locked }));
      // A job opened from the app menu (File › Open job…) comes this way.
      else if (event.type === 'job') {
        setJob(event.job);
        setJobError(undefined);
      } else if (event.type === 'ledger') setInfo((current) => (current ? { ...current, ledger: { ...current.ledger, devices: event.devices } } : current));
    }
  });

  useEffect(() => {
    call('app.info', {}).then(setInfo, (failure: unknown) => setInfoError(errorText(failure)));
    call('job.current', {}).then(setJob, (failure: unknown) => {
      setJob(null);
      setJobError(errorText(failure));
    });
    call('operator.state', {}).then(setOperator, (failure: unknown) => setStatus({ kind: 'error', text: `Operator mode is unknown: ${errorText(failure)}` }));
    call('bench.state', {}).then(
      (state) => {
        const held = early.current ?? [];
        early.current = undefined;
        store.load(state);
        store.apply(unseen(held, state.events));
      },
      (failure: unknown) => {
        const held = early.current ?? [];
        early.current = undefined;
        store.apply(held);
        setStatus({ kind: 'error', text: `The bench's state is unknown: ${errorText(failure)}` });
      },
    );
  }, [store]);

  const show = useCallback((next: Route, focus = false) => {
    setRoute(next);
    if (focus) requestAnimationFrame(() => main.current?.focus());
  }, []);

  // Alt+1..4 or Ctrl+1..4: the views, from anywhere (a modal dialog keeps its keys).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const view = viewForKey(event);
      if (!view || document.querySelector('dialog[open]')) return;
      event.preventDefault();
      show({ view }, true);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [show]);

  useScanner(async (scanned) => {
    setStatus({ kind: 'info', text: `Scanned ${scanned}: looking it up…` });
    try {
      const device = await call('ledger.find', { term: scanned });
      if (!device) {
        setStatus({ kind: 'error', text: `No device with serial or MAC ${scanned}.` });
        return;
      }
      setStatus({ kind: 'info', text: `Scanned ${scanned}: ${device.serial} (${device.mac}), ${device.status}.` });
      show({ view: 'ledger', focusSerial: device.serial, focusScan: ++scans.current });
    } catch (failure) {
      setStatus({ kind: 'error', text: `Could not look up ${scanned}: ${errorText(failure)}` });
    }
  });

  const locked = operator?.locked ?? false;
  const onJob = useCallback((opened: Job) => {
    setJob(opened);
    setJobError(undefined);
  }, []);

  let view: JSX.Element;
  switch (route.view) {
    case 'bench':
      view = <BenchView store={store} job={job} locked={locked} settings={settings} onSettings={setSettings} onShowJob={() => show({ view: 'job' }, true)} />;
      break;
    case 'job':
      view = <JobView job={job} locked={locked} onJob={onJob} {...(jobError ? { loadError: jobError } : {})} />;
      break;
    case 'ledger':
      view = <LedgerView locked={locked} {...(route.focusSerial ? { focusSerial: route.focusSerial, focusScan: route.focusScan ?? 0 } : {})} onShowLabel={(allocationId) => show({ view: 'labels', allocationId })} />;
      break;
    case 'labels':
      view = <LabelsView locked={locked} {...(route.allocationId !== undefined ? { allocationId: route.allocationId } : {})} />;
      break;
  }

  return (
    <div className="app-frame">
      <TopBar info={info} infoError={infoError} job={job} operator={operator} onOperator={setOperator} onOperatorError={(text) => setStatus({ kind: 'error', text })} />
      <NavBar current={route.view} onShow={(next: ViewId) => show({ view: next })} />
      <p className={`status-line${status?.kind === 'error' ? ' is-error' : ''}`} role="status" aria-live="polite">
        {status?.text ?? ''}
        {status && (
          <button type="button" className="link status-dismiss" onClick={() => setStatus(undefined)} aria-label="Dismiss the message">
            ×
          </button>
        )}
      </p>
      <main id="view" ref={main} tabIndex={-1} className="view" aria-label={`${VIEWS.find((entry) => entry.id === route.view)?.label ?? ''} view`}>
        {view}
      </main>
    </div>
  );
}
