import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';

/** The application frame. The Bench, Job, Ledger and Labels views come with their issues. */
export function App() {
  const [info, setInfo] = useState<AppInfo | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    window.bench.call('app.info', {}).then(setInfo, (failure: unknown) => setError((failure as { message?: string }).message ?? String(failure)));
  }, []);
  return (
    <main>
      <h1>Factory Bench</h1>
      <p>{error ? `The engine did not answer: ${error}` : info ? `${info.name} ${info.version} (Node ${info.node})` : 'connecting to the engine…'}</p>
      {info && <p>{info.ledger.error ? `Ledger: ${info.ledger.error}` : `Ledger ${info.ledger.file}: ${info.ledger.devices ?? 0} devices`}</p>}
    </main>
  );
}
