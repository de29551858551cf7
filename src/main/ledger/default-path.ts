import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The ledger the app and the command line share when no --ledger is given:
 * FACTORY_BENCH_LEDGER, else ledger.sqlite in the folder Electron uses for the
 * app's data (its userData path) on each system.
 */
export function defaultLedgerPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FACTORY_BENCH_LEDGER) return env.FACTORY_BENCH_LEDGER;
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? join(home, 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'factory-bench', 'ledger.sqlite');
}
