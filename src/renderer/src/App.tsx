import { useEffect, useState } from 'react';
import type { AppInfo } from '../../shared/api';

/** The application frame. The Bench, Job, Ledger and Labels views come with their issues. */
export function App() {
  const [info, setInfo] = useState<AppInfo | undefined>();
  useEffect(() => {
    void window.bench.call('app.info', {}).then(setInfo);
  }, []);
  return (
    <main>
      <h1>Factory Bench</h1>
      <p>{info ? `${info.name} ${info.version} (Node ${info.node})` : 'connecting to the engine…'}</p>
    </main>
  );
}
