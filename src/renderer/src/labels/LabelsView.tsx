import { useCallback, useEffect, useState } from 'react';
import type { CallResponse, DeviceDetailView, LabelPreview } from '../../../shared/api';
import { call, errorText } from '../bridge';
import { formatTime } from '../ledger/format';
import { needsReason, printAdvice, printedBefore, sizeText, svgDataUrl, withoutCallName } from './print-words';
import './labels.css';

export interface LabelsViewProps {
  /** The device to show (from the Ledger's "Label…", or the bench). */
  allocationId?: number;
  /** Operator mode: printing and reprinting stay allowed. */
  locked: boolean;
}

type Printers = CallResponse<'labels.printers'>;
type Loading<T> = { state: 'idle' } | { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; value: T };
type Outcome = { kind: 'printed'; text: string } | { kind: 'failed'; text: string; advice?: string } | undefined;

/** A device's label: its preview, a printer to print it on, and a reprint's reason when it was printed before. */
export function LabelsView({ allocationId, locked: _locked }: LabelsViewProps) {
  const [target, setTarget] = useState<number | undefined>(allocationId);
  const [term, setTerm] = useState('');
  const [findMessage, setFindMessage] = useState<string | undefined>();
  const [preview, setPreview] = useState<Loading<LabelPreview>>({ state: 'idle' });
  const [detail, setDetail] = useState<DeviceDetailView | undefined>();
  const [printers, setPrinters] = useState<Loading<Printers>>({ state: 'loading' });
  const [printer, setPrinter] = useState('');
  const [reason, setReason] = useState('');
  const [refusedWithoutReason, setRefusedWithoutReason] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();

  useEffect(() => setTarget(allocationId), [allocationId]);

  useEffect(() => {
    let live = true;
    call('labels.printers', {}).then(
      (value) => {
        if (!live) return;
        setPrinters({ state: 'done', value });
        setPrinter((chosen) => (value.printers.some((entry) => entry.name === chosen) ? chosen : (value.printers[0]?.name ?? '')));
      },
      (failure: unknown) => live && setPrinters({ state: 'error', message: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, []);

  const loadDetail = useCallback((id: number, isLive: () => boolean = () => true) => {
    call('ledger.detail', { allocationId: id }).then(
      (value) => isLive() && setDetail(value),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    setReason('');
    setRefusedWithoutReason(false);
    setOutcome(undefined);
    setDetail(undefined);
    if (target === undefined) {
      setPreview({ state: 'idle' });
      return undefined;
    }
    let live = true;
    setPreview({ state: 'loading' });
    call('labels.preview', { allocationId: target }).then(
      (value) => live && setPreview({ state: 'done', value }),
      (failure: unknown) => live && setPreview({ state: 'error', message: withoutCallName(errorText(failure)) }),
    );
    loadDetail(target, () => live);
    return () => {
      live = false;
    };
  }, [target, loadDetail]);

  const find = async () => {
    const wanted = term.trim();
    if (!wanted) return;
    setFindMessage(`Looking for ${wanted}…`);
    try {
      const row = await call('ledger.find', { term: wanted });
      if (!row) {
        setFindMessage(`No device has the serial or MAC “${wanted}”.`);
        return;
      }
      setFindMessage(undefined);
      setTarget(row.allocationId);
    } catch (failure) {
      setFindMessage(`Could not search the ledger: ${errorText(failure)}`);
    }
  };

  const label = preview.state === 'done' ? preview.value : undefined;
  const identity = label && detail ? detail.identities.find((row) => row.serial === label.serial) : undefined;
  const voided = identity?.status === 'voided';
  const reprint = refusedWithoutReason || (label !== undefined && detail !== undefined && printedBefore(detail, label.serial));
  const lastPrint = detail?.labelPrints.filter((print) => print.status === 'printed').at(-1);
  const canPrint = target !== undefined && label !== undefined && !voided && printer !== '' && !printing && (!reprint || reason.trim() !== '');

  const print = async () => {
    if (target === undefined || !label || !canPrint) return;
    setPrinting(true);
    setOutcome(undefined);
    const why = reason.trim();
    try {
      const done = await call('labels.print', { allocationId: target, printer, ...(why ? { reason: why } : {}) });
      setOutcome({ kind: 'printed', text: `${done.reprint ? 'Reprinted' : 'Printed'} the label of ${done.serial} on ${done.printer}: sent to ${done.where}.` });
      setReason('');
      setRefusedWithoutReason(false);
    } catch (failure) {
      const message = withoutCallName(errorText(failure));
      if (needsReason(message)) {
        setRefusedWithoutReason(true);
        setOutcome({ kind: 'failed', text: `Not printed: ${message}.`, advice: 'Say why it is printed again, then print.' });
      } else {
        const advice = printAdvice(message);
        setOutcome({ kind: 'failed', text: `Not printed: ${message}`, ...(advice ? { advice } : {}) });
      }
    } finally {
      setPrinting(false);
      loadDetail(target);
    }
  };

  return (
    <section className="labels" aria-label="Labels">
      <form
        className="labels-find"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
      >
        <label>
          Serial or MAC
          <input type="search" value={term} maxLength={200} placeholder="scan or type, then Enter" onChange={(event) => setTerm(event.target.value)} />
        </label>
        <button type="submit" disabled={!term.trim()}>
          Show label
        </button>
        {findMessage && (
          <span role="alert" className="labels-error">
            {findMessage}
          </span>
        )}
      </form>

      <div className="labels-main">
        <div className="labels-preview">
          {preview.state === 'idle' && <p className="muted">Scan or type a serial or MAC to see its label.</p>}
          {preview.state === 'loading' && <p className="muted">Drawing the label…</p>}
          {preview.state === 'error' && (
            <p role="alert" className="labels-error">
              No preview: {preview.message}
            </p>
          )}
          {label && (
            <figure>
              <img src={svgDataUrl(label.svg)} alt={`Label of ${label.serial}`} style={{ width: `${Math.round(label.widthMm * 6)}px` }} />
              <figcaption>
                <dl className="facts">
                  <dt>Serial</dt>
                  <dd className="mono">{label.serial}</dd>
                  <dt>MAC</dt>
                  <dd className="mono">{label.mac}</dd>
                  <dt>Template</dt>
                  <dd>{label.template}</dd>
                  <dt>Size</dt>
                  <dd>{sizeText(label.widthMm, label.heightMm)}</dd>
                </dl>
              </figcaption>
            </figure>
          )}
        </div>

        <form
          className="labels-print"
          aria-label="Print"
          onSubmit={(event) => {
            event.preventDefault();
            void print();
          }}
        >
          <label>
            Printer
            <select value={printer} onChange={(event) => setPrinter(event.target.value)} disabled={printers.state !== 'done' || printers.value.printers.length === 0}>
              {printers.state === 'done' &&
                printers.value.printers.map((entry) => (
                  <option key={entry.name} value={entry.name}>
                    {entry.name} ({entry.kind})
                  </option>
                ))}
            </select>
          </label>
          {printers.state === 'loading' && <p className="muted">Reading the printers…</p>}
          {printers.state === 'error' && (
            <p role="alert" className="labels-error">
              Could not list the printers: {printers.message}
            </p>
          )}
          {printers.state === 'done' && (
            <p className="muted labels-file">
              Printers file: <span className="mono">{printers.value.file}</span>
            </p>
          )}
          {printers.state === 'done' && printers.value.error && (
            <p role="alert" className="labels-error">
              The printers file has a problem: {printers.value.error}
            </p>
          )}
          {printers.state === 'done' && !printers.value.error && printers.value.printers.length === 0 && <p className="labels-error">The printers file names no printer.</p>}

          {voided && (
            <p className="labels-error">
              {identity?.serial} was voided{identity?.voidReason ? ` (${identity.voidReason})` : ''}: its label is not printed again.
            </p>
          )}
          {reprint && !voided && (
            <>
              <p className="labels-reprint">
                {lastPrint
                  ? `This label was printed before (${formatTime(lastPrint.at)} on ${lastPrint.printer} by ${lastPrint.operator}): printing it again is a reprint.`
                  : 'This label was printed before: printing it again is a reprint.'}
              </p>
              <label>
                Reason for the reprint (required)
                <input type="text" value={reason} required maxLength={500} placeholder="e.g. label damaged" onChange={(event) => setReason(event.target.value)} />
              </label>
            </>
          )}
          <button type="submit" disabled={!canPrint}>
            {printing ? 'Printing…' : reprint ? 'Reprint' : 'Print'}
          </button>
          {outcome && (
            <div role={outcome.kind === 'failed' ? 'alert' : 'status'} className={outcome.kind === 'failed' ? 'labels-outcome labels-error' : 'labels-outcome labels-ok'}>
              <p>{outcome.text}</p>
              {outcome.kind === 'failed' && outcome.advice && <p>{outcome.advice}</p>}
            </div>
          )}
        </form>
      </div>
    </section>
  );
}
