import { Ledger, LedgerError } from './ledger/index.js';

export interface LedgerSummary {
  file: string;
  schema?: number;
  devices?: number;
  error?: string;
}

/** Opens (creating it the first time) the app's ledger and says what is in it, or why it cannot be used. */
export function ledgerSummary(file: string): LedgerSummary {
  let ledger: Ledger | undefined;
  try {
    ledger = Ledger.open(file, { create: true });
    return { file, schema: ledger.queries.schemaVersion(), devices: ledger.queries.count() };
  } catch (error) {
    if (error instanceof LedgerError) return { file, error: `${error.message} (${error.hint})` };
    throw error;
  } finally {
    ledger?.close();
  }
}
