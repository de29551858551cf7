import { useEffect, useRef, useState } from 'react';
import type { DeviceDetailView } from '../../../shared/api';
import { call, errorText } from '../bridge';
import { formatTime, summariseData } from './format';

export interface DeviceDetailProps {
  allocationId: number;
  onClose(): void;
  onShowLabel?: (allocationId: number) => void;
}

type Loaded = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; detail: DeviceDetailView };

/** Everything the ledger knows about one device: its identities, certificates, label prints and every event. */
export function DeviceDetail({ allocationId, onClose, onShowLabel }: DeviceDetailProps) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    call('ledger.detail', { allocationId }).then(
      (detail) => live && setLoaded({ state: 'done', detail }),
      (failure: unknown) => live && setLoaded({ state: 'error', message: errorText(failure) }),
    );
    return () => {
      live = false;
    };
  }, [allocationId]);

  useEffect(() => {
    if (loaded.state === 'done') heading.current?.focus();
  }, [loaded.state]);

  const identity = loaded.state === 'done' ? (loaded.detail.identities.find((row) => row.allocationId === allocationId) ?? loaded.detail.identities[0]) : undefined;
  const title = identity ? `Device ${identity.serial}` : 'Device';

  return (
    <aside
      className="ledger-detail"
      aria-label={title}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header className="ledger-detail-head">
        <h2 ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <div className="ledger-detail-actions">
          {onShowLabel && (
            <button type="button" onClick={() => onShowLabel(identity?.allocationId ?? allocationId)} disabled={loaded.state !== 'done'}>
              Label…
            </button>
          )}
          <button type="button" onClick={onClose} aria-label="Close the device detail">
            Close
          </button>
        </div>
      </header>
      {loaded.state === 'loading' && <p className="muted">Reading the ledger…</p>}
      {loaded.state === 'error' && (
        <p role="alert" className="ledger-error">
          Could not read this device: {loaded.message}
        </p>
      )}
      {loaded.state === 'done' && <DetailBody detail={loaded.detail} allocationId={allocationId} />}
    </aside>
  );
}

function DetailBody({ detail, allocationId }: { detail: DeviceDetailView; allocationId: number }) {
  return (
    <div className="ledger-detail-body">
      <dl className="facts">
        <dt>MAC</dt>
        <dd className="mono">{detail.mac}</dd>
        <dt>Chip</dt>
        <dd>{detail.chip ?? '—'}</dd>
        <dt>First seen</dt>
        <dd>{formatTime(detail.firstSeen)}</dd>
      </dl>

      <section aria-label="Identities">
        <h3>Identities</h3>
        <table className="ledger-table">
          <thead>
            <tr>
              <th>Serial</th>
              <th>Status</th>
              <th>Job</th>
              <th>Port</th>
              <th>Last step</th>
              <th>Created</th>
              <th>Provisioned</th>
              <th>Void reason</th>
            </tr>
          </thead>
          <tbody>
            {detail.identities.map((row) => (
              <tr key={row.allocationId} className={row.allocationId === allocationId ? 'current' : undefined} aria-current={row.allocationId === allocationId ? 'true' : undefined}>
                <td className="mono">{row.serial}</td>
                <td className={`status status-${row.status}`}>{row.status}</td>
                <td>{row.job}</td>
                <td>{row.port ?? '—'}</td>
                <td>{row.lastStep ?? '—'}</td>
                <td>{formatTime(row.createdAt)}</td>
                <td>{formatTime(row.provisionedAt)}</td>
                <td>{row.voidReason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="Certificates">
        <h3>Certificates</h3>
        {detail.certificates.length === 0 ? (
          <p className="muted">No certificate.</p>
        ) : (
          <table className="ledger-table">
            <thead>
              <tr>
                <th>Fingerprint</th>
                <th>Origin</th>
                <th>Status</th>
                <th>Subject</th>
                <th>Not after</th>
              </tr>
            </thead>
            <tbody>
              {detail.certificates.map((certificate) => (
                <tr key={certificate.fingerprint}>
                  <td className="mono wrap" title={certificate.fingerprint}>
                    {certificate.fingerprint}
                  </td>
                  <td>{certificate.origin}</td>
                  <td>{certificate.status}</td>
                  <td className="wrap">{certificate.subject ?? '—'}</td>
                  <td>{formatTime(certificate.notAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-label="Label prints">
        <h3>Label prints</h3>
        {detail.labelPrints.length === 0 ? (
          <p className="muted">The label was never printed.</p>
        ) : (
          <table className="ledger-table">
            <thead>
              <tr>
                <th>When</th>
                <th>Printer</th>
                <th>By</th>
                <th>Kind</th>
                <th>Result</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {detail.labelPrints.map((print, index) => (
                <tr key={index}>
                  <td>{formatTime(print.at)}</td>
                  <td>{print.printer}</td>
                  <td>{print.operator}</td>
                  <td>{print.reprint ? 'reprint' : 'print'}</td>
                  <td className={print.status === 'printed' ? undefined : 'ledger-error'}>{print.error ? `${print.status}: ${print.error}` : print.status}</td>
                  <td>{print.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-label="History">
        <h3>History ({detail.events.length})</h3>
        <table className="ledger-table ledger-events">
          <thead>
            <tr>
              <th>Time</th>
              <th>Event</th>
              <th>By</th>
              <th>Port</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {detail.events.map((event) => {
              const summary = summariseData(event.data);
              return (
                <tr key={event.id}>
                  <td>{formatTime(event.at)}</td>
                  <td>{event.kind}</td>
                  <td>{event.actor}</td>
                  <td>{event.port ?? '—'}</td>
                  <td className="wrap" title={summary}>
                    {summary || '—'}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </div>
  );
}
