/**
 * The ledger's schema, as a list of migrations. PRAGMA user_version holds the
 * number of migrations applied; PRAGMA application_id marks the file as a
 * Factory Bench ledger. A migration is only ever appended, never edited:
 * files written by older versions are upgraded by running the ones they lack.
 */
export const APPLICATION_ID = 0x4642_4c47; // "FBLG"

export interface Migration {
  version: number;
  summary: string;
  sql: string;
}

const v1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  product TEXT NOT NULL DEFAULT '',
  serial_scheme TEXT NOT NULL,
  cert_mode TEXT NOT NULL CHECK (cert_mode IN ('none', 'issue', 'pool')),
  cert_pool TEXT,
  definition_sha256 TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Serials of one scope (a counter template rendered for a date) share one counter.
CREATE TABLE serial_counters (
  scope TEXT PRIMARY KEY,
  next INTEGER NOT NULL CHECK (next >= 0)
) WITHOUT ROWID;

-- Serials imported from a list, each handed out once.
CREATE TABLE serial_lists (
  id INTEGER PRIMARY KEY,
  job_id INTEGER NOT NULL REFERENCES jobs(id),
  serial TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  used INTEGER NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
CREATE INDEX serial_lists_free ON serial_lists(job_id, id) WHERE used = 0;

-- One row per chip ever seen.
CREATE TABLE devices (
  id INTEGER PRIMARY KEY,
  mac TEXT NOT NULL UNIQUE,
  chip TEXT,
  first_seen TEXT NOT NULL
);

-- One row per serial ever handed out. A device has at most one allocation that is not voided.
CREATE TABLE allocations (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  job_id INTEGER NOT NULL REFERENCES jobs(id),
  serial TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'provisioned', 'voided')),
  port TEXT,
  last_step TEXT,
  image_sha256 TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  provisioned_at TEXT,
  void_reason TEXT,
  CHECK ((status = 'voided') = (void_reason IS NOT NULL))
);
CREATE UNIQUE INDEX allocations_live_device ON allocations(device_id) WHERE status <> 'voided';
CREATE INDEX allocations_device ON allocations(device_id);
CREATE INDEX allocations_created ON allocations(created_at);
CREATE INDEX allocations_job_created ON allocations(job_id, created_at);
CREATE INDEX allocations_status_created ON allocations(status, created_at);
CREATE INDEX allocations_job_status_created ON allocations(job_id, status, created_at);

-- Certificates: issued to an allocation, or imported into a pool and later given to one.
-- Private keys are never stored: a pool certificate names where its key lives.
CREATE TABLE certificates (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL UNIQUE,
  pem TEXT NOT NULL,
  origin TEXT NOT NULL CHECK (origin IN ('issued', 'pool')),
  pool TEXT,
  key_ref TEXT,
  public_key_sha256 TEXT,
  subject TEXT,
  not_after TEXT,
  allocation_id INTEGER REFERENCES allocations(id),
  status TEXT NOT NULL CHECK (status IN ('pooled', 'active', 'superseded')),
  created_at TEXT NOT NULL,
  CHECK ((status = 'pooled') = (allocation_id IS NULL))
);
CREATE UNIQUE INDEX certificates_active ON certificates(allocation_id) WHERE status = 'active';
CREATE INDEX certificates_allocation ON certificates(allocation_id);
CREATE INDEX certificates_pool_free ON certificates(pool, id) WHERE status = 'pooled';

-- The audit trail: append-only, each event hashing the one before it.
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  job_id INTEGER,
  device_id INTEGER,
  allocation_id INTEGER,
  port TEXT,
  data TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL UNIQUE
);
CREATE INDEX events_allocation ON events(allocation_id) WHERE allocation_id IS NOT NULL;
CREATE INDEX events_device ON events(device_id) WHERE device_id IS NOT NULL;
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be changed'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: events cannot be deleted'); END;
`;

const v2 = `
-- Every label print and reprint, with who, where and why.
CREATE TABLE label_prints (
  id INTEGER PRIMARY KEY,
  allocation_id INTEGER NOT NULL REFERENCES allocations(id),
  at TEXT NOT NULL,
  printer TEXT NOT NULL,
  operator TEXT NOT NULL,
  reason TEXT,
  reprint INTEGER NOT NULL CHECK (reprint IN (0, 1)),
  status TEXT NOT NULL CHECK (status IN ('printed', 'failed')),
  error TEXT
);
CREATE INDEX label_prints_allocation ON label_prints(allocation_id);
`;

export const migrations: readonly Migration[] = [
  { version: 1, summary: 'jobs, devices, allocations, certificates, serial counters and lists, audit events', sql: v1 },
  { version: 2, summary: 'label prints', sql: v2 },
];

export const LATEST_SCHEMA = migrations.length;
