import { useEffect, useState, useSyncExternalStore, type FormEvent } from 'react';
import type { JobView } from '../../../shared/api';
import { call, errorText } from '../bridge';
import type { BenchStore } from './store';
import type { BenchPanels } from './panels';
import { startRequest, type BenchSettings } from './settings';
import { SlotPanelView } from './SlotPanelView';
import { elapsedWords, yieldWords } from './words';
import './bench.css';

/** A clock for the elapsed times: ticks once a second while some board is under way. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function RunLine({ panels }: { panels: BenchPanels }) {
  if (panels.running) return <p className="run-line is-running">Running {panels.mode === 'continuous' ? 'continuously' : 'once'}{panels.job ? ` — job ${panels.job}` : ''}.</p>;
  if (panels.runError) return <p className="run-line message message-error">The run stopped: {panels.runError}</p>;
  if (panels.summary) return <p className="run-line">Last run ended after {elapsedWords(panels.summary.ms)}.</p>;
  return <p className="run-line">Not running.</p>;
}

function Totals({ panels }: { panels: BenchPanels }) {
  const { pass, fail, stopped } = panels.total;
  return (
    <dl className="totals" aria-label="Counters, all slots">
      <div className="total-pass">
        <dt>Pass</dt>
        <dd>{pass}</dd>
      </div>
      <div className="total-fail">
        <dt>Fail</dt>
        <dd>{fail}</dd>
      </div>
      <div className="total-stopped">
        <dt>Stopped</dt>
        <dd>{stopped}</dd>
      </div>
      <div className="total-yield">
        <dt>Yield</dt>
        <dd>{yieldWords(panels.total)}</dd>
      </div>
    </dl>
  );
}

export interface BenchViewProps {
  store: BenchStore;
  /** The open job; undefined while it loads, null when none is open. */
  job: JobView | null | undefined;
  locked: boolean;
  settings: BenchSettings;
  onSettings: (settings: BenchSettings) => void;
  onShowJob: () => void;
}

/** The bench: one panel per slot, the run's counters, and Start / Stop with the run's settings. */
export function BenchView({ store, job, locked, settings, onSettings, onShowJob }: BenchViewProps) {
  const panels = useSyncExternalStore(store.subscribe, store.get);
  const anyUnderWay = panels.order.some((slot) => {
    const status = panels.slots[slot]?.status;
    return status === 'working' || status === 'retrying';
  });
  const now = useNow(anyUnderWay);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<'start' | 'stop' | undefined>();
  const [message, setMessage] = useState<{ error: boolean; text: string } | undefined>();
  const [printers, setPrinters] = useState<{ names: string[]; error?: string }>({ names: [] });

  useEffect(() => {
    let live = true;
    call('labels.printers', {}).then(
      (answer) => live && setPrinters({ names: answer.printers.map((printer) => printer.name), ...(answer.error ? { error: `${answer.file}: ${answer.error}` } : {}) }),
      (failure: unknown) => live && setPrinters({ names: [], error: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const change = <K extends keyof BenchSettings>(key: K, value: BenchSettings[K]) => onSettings({ ...settings, [key]: value });

  const problems = job?.problems.length ?? 0;
  const blocked = job === undefined ? 'Loading the job…' : job === null ? 'No job is open: open one in the Job view.' : problems > 0 ? `The job has ${problems} problem${problems === 1 ? '' : 's'}: fix ${problems === 1 ? 'it' : 'them'} first (see the Job view).` : undefined;
  const canStart = !blocked && !panels.running && !busy;

  const start = async (event: FormEvent) => {
    event.preventDefault();
    if (!job || !canStart) return;
    const made = startRequest(settings, passphrase, job);
    if ('problem' in made) {
      setMessage({ error: true, text: made.problem });
      return;
    }
    setBusy('start');
    setMessage(undefined);
    try {
      const state = await call('bench.start', made.request);
      if (!store.get().running) store.load(state);
      setPassphrase('');
    } catch (failure) {
      setMessage({ error: true, text: `The bench did not start: ${errorText(failure)}` });
    } finally {
      setBusy(undefined);
    }
  };

  const stop = async () => {
    setBusy('stop');
    try {
      const answer = await call('bench.stop', {});
      setMessage({ error: false, text: answer.stopping ? 'Stopping: each board stops at its next step and keeps its identity for next time.' : 'Nothing was running.' });
    } catch (failure) {
      setMessage({ error: true, text: `Could not stop: ${errorText(failure)}` });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section className="bench-view" aria-labelledby="bench-title">
      <div className="view-head">
        <h2 id="bench-title">Bench</h2>
        <RunLine panels={panels} />
        <Totals panels={panels} />
      </div>

      <form className="bench-controls" onSubmit={start} aria-label="Run settings">
        <fieldset className="bench-settings" disabled={locked || panels.running}>
          <legend>{locked ? 'Settings (locked in operator mode)' : panels.running ? 'Settings (fixed while the bench runs)' : 'Settings'}</legend>
          <div className="field radio-group" role="radiogroup" aria-label="Mode">
            <span className="field-label">Mode</span>
            <label>
              <input type="radio" name="mode" value="once" checked={settings.mode === 'once'} onChange={() => change('mode', 'once')} /> Once
            </label>
            <label>
              <input type="radio" name="mode" value="continuous" checked={settings.mode === 'continuous'} onChange={() => change('mode', 'continuous')} /> Continuous
            </label>
          </div>
          <div className="field">
            <label htmlFor="bench-source">Boards from</label>
            <select id="bench-source" value={settings.source} onChange={(event) => change('source', event.target.value as BenchSettings['source'])}>
              <option value="simulate">Simulated boards</option>
              <option value="auto">Every serial port found</option>
              <option value="list">These ports</option>
            </select>
          </div>
          {settings.source === 'simulate' && (
            <label className="field field-narrow">
              <span>How many</span>
              <input type="number" min={1} max={64} value={settings.simulate} onChange={(event) => change('simulate', event.target.value)} />
            </label>
          )}
          {settings.source === 'list' && (
            <label className="field field-wide">
              <span>Ports (comma separated)</span>
              <input type="text" value={settings.ports} placeholder="/dev/ttyUSB0, /dev/ttyUSB1" onChange={(event) => change('ports', event.target.value)} spellCheck={false} />
            </label>
          )}
          <label className="field field-narrow">
            <span>Retries</span>
            <input type="number" min={0} max={10} value={settings.retries} onChange={(event) => change('retries', event.target.value)} />
          </label>
          <label className="field">
            <span>Label printer (optional)</span>
            <input type="text" list="bench-printers" value={settings.printer} onChange={(event) => change('printer', event.target.value)} spellCheck={false} aria-describedby={printers.error ? 'printers-error' : undefined} />
            <datalist id="bench-printers">
              {printers.names.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          {printers.error && (
            <p id="printers-error" className="field-note">
              Printers: {printers.error}
            </p>
          )}
        </fieldset>

        {job?.needsPassphrase && (
          <label className="field passphrase-field">
            <span>CA passphrase</span>
            <input type="password" autoComplete="off" value={passphrase} onChange={(event) => setPassphrase(event.target.value)} disabled={panels.running} />
          </label>
        )}

        <div className="bench-actions">
          <button type="submit" className="primary big" disabled={!canStart} aria-describedby={blocked ? 'start-blocked' : undefined}>
            {busy === 'start' ? 'Starting…' : 'Start'}
          </button>
          <button type="button" className="danger big" onClick={stop} disabled={!panels.running || busy === 'stop'}>
            {busy === 'stop' ? 'Stopping…' : 'Stop all'}
          </button>
          {blocked && (
            <p id="start-blocked" className="field-note start-blocked">
              {blocked}{' '}
              {job && problems > 0 && (
                <button type="button" className="link" onClick={onShowJob}>
                  Show the problems
                </button>
              )}
            </p>
          )}
        </div>
        {message && (
          <p className={`message ${message.error ? 'message-error' : 'message-info'}`} role={message.error ? 'alert' : 'status'}>
            {message.text}
          </p>
        )}
      </form>

      {panels.order.length === 0 ? (
        <p className="empty-bench">No slots yet: press Start to run the job on the boards.</p>
      ) : (
        <div className="slot-grid" role="list" aria-label="Slots">
          {panels.order.map((slot) => {
            const panel = panels.slots[slot]!;
            const underWay = panel.status === 'working' || panel.status === 'retrying';
            return (
              <div role="listitem" key={slot} className="slot-cell">
                <SlotPanelView panel={panel} {...(underWay && panel.durationMs === undefined ? { now } : {})} />
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
