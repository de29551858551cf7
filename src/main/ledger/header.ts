import { closeSync, openSync, readSync } from 'node:fs';

/** What the first 100 bytes of a file say about it as an SQLite database. */
export interface FileHeader {
  size: number;
  isSqlite: boolean;
  /** PRAGMA application_id (offset 68). */
  applicationId: number;
  /** PRAGMA user_version (offset 60): our schema version. */
  userVersion: number;
  /** Write and read format versions 2 mean WAL mode (offsets 18 and 19). */
  wal: boolean;
}

const SQLITE_MAGIC = 'SQLite format 3\0';

export function readFileHeader(file: string): FileHeader {
  const fd = openSync(file, 'r');
  try {
    const bytes = Buffer.alloc(100);
    const size = readSync(fd, bytes, 0, 100, 0);
    const isSqlite = size === 100 && bytes.toString('latin1', 0, 16) === SQLITE_MAGIC;
    return {
      size,
      isSqlite,
      applicationId: isSqlite ? bytes.readUInt32BE(68) : 0,
      userVersion: isSqlite ? bytes.readUInt32BE(60) : 0,
      wal: isSqlite && bytes[18] === 2 && bytes[19] === 2,
    };
  } finally {
    closeSync(fd);
  }
}
