import { useState, type FormEvent, type ReactNode } from 'react';
import type { JobProblemView, JobView as Job } from '../../../shared/api';
import { call, errorText } from '../bridge';
import './job.css';

const hex = (value: number) => `0x${value.toString(16).padStart(5, '0')}`;

/** "1.4 MiB (1 468 006 bytes)" */
function sizeWords(bytes: number): string {
  const exact = `${bytes.toLocaleString('en-US')} bytes`;
  if (bytes < 1024) return exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KiB'] : [bytes / (1024 * 1024), 'MiB'];
  return `${value.toFixed(1)} ${unit} (${exact})`;
}

/** "flasher_args.json:12:5", as far as the problem knows its place. */
export const whereOf = (problem: JobProblemView): string => [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((part) => part !== undefined).join(':');

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="job-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function Problems({ problems }: { problems: JobProblemView[] }) {
  return (
    <section className="job-problems" aria-labelledby="job-problems-title">
      <h3 id="job-problems-title">
        {problems.length} problem{problems.length === 1 ? '' : 's'}: the bench cannot start this job
      </h3>
      <ol className="problem-list">
        {problems.map((problem, index) => (
          <li key={index} className="problem">
            <p className="problem-where mono">{whereOf(problem)}</p>
            <p className="problem-message">{problem.message}</p>
            {problem.hint && (
              <p className="problem-hint">
                <span className="hint-label">Hint:</span> {problem.hint}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function JobDetails({ job }: { job: Job }) {
  return (
    <>
      {job.problems.length > 0 ? <Problems problems={job.problems} /> : <p className="message message-ok">The job is ready: the bench can start it.</p>}
      <dl className="job-facts">
        <Fact term="Name">{job.name ?? '—'}</Fact>
        <Fact term="Product">{job.product ?? '—'}</Fact>
        <Fact term="Chip">{job.chip ?? '—'}</Fact>
        <Fact term="Folder">
          <span className="mono">{job.folder}</span>
        </Fact>
        <Fact term="Serials">{job.serials ?? '—'}</Fact>
        <Fact term="Certificates">{job.certificates ?? 'none'}</Fact>
        <Fact term="Labels">{job.labels ?? 'none'}</Fact>
        <Fact term="Check">{job.check ?? 'none'}</Fact>
        <Fact term="CA passphrase">{job.needsPassphrase ? 'asked for at Start' : 'not needed'}</Fact>
      </dl>

      <h3>Images</h3>
      {job.images.length === 0 ? (
        <p>No images.</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Offset</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            {job.images.map((image) => (
              <tr key={`${image.offset}-${image.file}`}>
                <td className="mono">{image.file}</td>
                <td className="mono">{hex(image.offset)}</td>
                <td>{sizeWords(image.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Factory partition</h3>
      {job.fctry ? (
        <dl className="job-facts">
          <Fact term="Partition">{job.fctry.name}</Fact>
          <Fact term="Offset">
            <span className="mono">{hex(job.fctry.offset)}</span>
          </Fact>
          <Fact term="Size">{sizeWords(job.fctry.size)}</Fact>
          <Fact term="Encrypted">{job.fctry.encrypted ? 'yes' : 'no'}</Fact>
        </dl>
      ) : (
        <p>No factory partition.</p>
      )}

      {job.notices.length > 0 && (
        <>
          <h3>Notices</h3>
          <ul className="notice-list">
            {job.notices.map((notice, index) => (
              <li key={index}>{notice}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export interface JobViewProps {
  /** The open job; undefined while it loads, null when none is open. */
  job: Job | null | undefined;
  locked: boolean;
  onJob: (job: Job) => void;
  /** Why job.current failed, when it did. */
  loadError?: string;
}

/** Opening a job folder, and everything the open job will do or every problem it has. */
export function JobView({ job, locked, onJob, loadError }: JobViewProps) {
  const [folder, setFolder] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | undefined>();

  const run = async (action: () => Promise<Job | null>) => {
    setBusy(true);
    setMessage(undefined);
    try {
      const opened = await action();
      if (opened) onJob(opened);
    } catch (failure) {
      setMessage(`The job did not open: ${errorText(failure)}`);
    } finally {
      setBusy(false);
    }
  };
  const choose = () => run(() => call('job.choose', {}));
  const open = (event: FormEvent) => {
    event.preventDefault();
    const path = folder.trim();
    if (!path) {
      setMessage('Type or paste the job folder’s path first.');
      return;
    }
    void run(() => call('job.open', { folder: path }));
  };

  return (
    <section className="job-view" aria-labelledby="job-title">
      <div className="view-head">
        <h2 id="job-title">Job{job?.name ? `: ${job.name}` : ''}</h2>
      </div>
      <form className="job-open" onSubmit={open} aria-label="Open a job">
        <fieldset disabled={locked || busy}>
          <legend className="visually-hidden">Open a job</legend>
          <button type="button" className="primary" onClick={choose}>
            Open job folder…
          </button>
          <span className="job-open-or">or</span>
          <label className="field field-wide">
            <span>Job folder path</span>
            <input type="text" value={folder} onChange={(event) => setFolder(event.target.value)} spellCheck={false} placeholder="/home/line/jobs/widget-rev-c" />
          </label>
          <button type="submit">Open</button>
        </fieldset>
        {locked && <p className="field-note">Operator mode: unlock to open another job.</p>}
        {busy && <p className="field-note" role="status">Opening…</p>}
        {message && (
          <p className="message message-error" role="alert">
            {message}
          </p>
        )}
      </form>
      {loadError && (
        <p className="message message-error" role="alert">
          Could not read the open job: {loadError}
        </p>
      )}
      {job === undefined && !loadError ? <p>Loading the job…</p> : job ? <JobDetails job={job} /> : <p className="empty-job">No job is open.</p>}
    </section>
  );
}
