import { LedgerError } from './errors.js';

/** Turns SQLite's error codes into refusals a person can act on; passes anything else through. */
export function translateSqliteError(error: unknown, file: string): unknown {
  if (error instanceof LedgerError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new LedgerError(
      'damaged',
      `${file} is damaged: ${(error as Error).message}`,
      'restore the ledger from a backup; `factory-bench ledger verify` tells what is wrong; the file was left untouched',
      file,
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LedgerError('busy', `${file} stayed locked by another process`, 'another bench or command holds a long transaction on this ledger; try again', file);
  }
  if (code === 'SQLITE_CANTOPEN' || code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM')) {
    return new LedgerError('not-found', `${file} cannot be opened for writing: ${(error as Error).message}`, 'check the file and folder permissions', file);
  }
  return error;
}
