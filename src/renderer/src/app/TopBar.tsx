import type { AppInfo, JobView, OperatorState } from '../../../shared/api';
import { OperatorButton } from '../operator/OperatorButton';

function ledgerLine(info: AppInfo | undefined, infoError: string | undefined): { text: string; error: boolean } {
  if (infoError) return { text: `The engine did not answer: ${infoError}`, error: true };
  if (!info) return { text: 'Connecting to the engine…', error: false };
  if (info.ledger.error) return { text: `Ledger ${info.ledger.file}: ${info.ledger.error}`, error: true };
  const devices = info.ledger.devices ?? 0;
  return { text: `Ledger ${info.ledger.file}: ${devices.toLocaleString('en-US')} device${devices === 1 ? '' : 's'}`, error: false };
}

/** The app's name, the open job, the ledger, and the operator lock. */
export function TopBar({ info, infoError, job, operator, onOperator, onOperatorError }: {
  info: AppInfo | undefined;
  infoError: string | undefined;
  job: JobView | null | undefined;
  operator: OperatorState | undefined;
  onOperator: (state: OperatorState) => void;
  onOperatorError: (message: string) => void;
}) {
  const ledger = ledgerLine(info, infoError);
  const jobName = job === undefined ? '…' : job === null ? 'no job open' : (job.name ?? job.folder);
  return (
    <header className="top-bar">
      <h1 className="brand">
        Factory Bench{info ? <span className="brand-version"> {info.version}</span> : null}
      </h1>
      <p className="top-job">
        <span className="top-label">Job</span> <strong data-testid="job-name">{jobName}</strong>
        {job && job.problems.length > 0 && <span className="badge badge-error">{job.problems.length} problem{job.problems.length === 1 ? '' : 's'}</span>}
      </p>
      <p className={`top-ledger${ledger.error ? ' is-error' : ''}`} title={ledger.text}>
        {ledger.text}
      </p>
      <OperatorButton state={operator} onChange={onOperator} onError={onOperatorError} />
    </header>
  );
}
