import type { Database, Statement } from 'better-sqlite3';
import type { EventFields } from './audit.js';
import { LedgerError } from './errors.js';
import { looksLikeMac, normalizeMac } from './mac.js';
import { Statements } from './statements.js';
import type { AllocationStatus, AuditEvent, CertificateRecord, DeviceRow, LabelPrint } from './types.js';

export interface DeviceFilter {
  job?: string;
  status?: AllocationStatus;
  /** Allocated at or after (ISO date or date-time). */
  since?: string;
  /** Allocated before. */
  until?: string;
  /** Serials that start with this. */
  serialPrefix?: string;
  /** MACs that start with this (any spelling of hex bytes). */
  macPrefix?: string;
}

export interface PageRequest {
  /** The cursor of the previous page's last row. */
  after?: string;
  /** At most this many rows (1–1000). */
  limit?: number;
}

export interface Page {
  rows: DeviceRow[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: string;
}

/** A device with everything the ledger knows about it. */
export interface DeviceDetail {
  mac: string;
  chip: string | null;
  firstSeen: string;
  /** Its identities, the current one first (a device has more only if one was voided). */
  identities: DeviceRow[];
  certificates: (CertificateRecord & { serial: string })[];
  labelPrints: LabelPrint[];
  events: AuditEvent[];
}

const ROW_SQL = `SELECT a.id AS allocationId, a.serial, d.mac, d.chip, a.status, j.name AS job, a.port, a.last_step AS lastStep,
  (SELECT c.fingerprint FROM certificates c WHERE c.allocation_id = a.id AND c.status = 'active') AS certFingerprint,
  a.image_sha256 AS imageSha256, a.created_at AS createdAt, a.updated_at AS updatedAt, a.provisioned_at AS provisionedAt, a.void_reason AS voidReason
  FROM allocations a JOIN devices d ON d.id = a.device_id JOIN jobs j ON j.id = a.job_id`;

type Order = 'created' | 'serial' | 'mac' | 'id';

interface CertificateSqlRow {
  fingerprint: string;
  pem: string;
  origin: 'issued' | 'pool';
  status: 'pooled' | 'active' | 'superseded';
  subject: string | null;
  not_after: string | null;
  key_ref: string | null;
  public_key_sha256: string | null;
  created_at: string;
}

const toCertificate = (row: CertificateSqlRow): CertificateRecord => ({
  fingerprint: row.fingerprint,
  pem: row.pem,
  origin: row.origin,
  status: row.status,
  subject: row.subject,
  notAfter: row.not_after,
  keyRef: row.key_ref === null ? null : (JSON.parse(row.key_ref) as unknown),
  publicKeySha256: row.public_key_sha256,
  createdAt: row.created_at,
});

/** Reading the ledger: lookups, filtered pages by keyset (constant time at any depth), a device's history. */
export class LedgerQueries {
  private readonly statements: Statements;

  constructor(db: Database) {
    this.statements = new Statements(db);
  }

  findBySerial(serial: string): DeviceRow | undefined {
    return this.sql(`${ROW_SQL} WHERE a.serial = ?`).get(serial.trim()) as DeviceRow | undefined;
  }

  findByAllocation(allocationId: number): DeviceRow | undefined {
    return this.sql(`${ROW_SQL} WHERE a.id = ?`).get(allocationId) as DeviceRow | undefined;
  }

  /** The MAC's current identity, or its latest voided one. */
  findByMac(mac: string): DeviceRow | undefined {
    return this.sql(`${ROW_SQL} WHERE a.device_id = (SELECT id FROM devices WHERE mac = ?) ORDER BY a.status = 'voided', a.id DESC LIMIT 1`).get(normalizeMac(mac)) as
      | DeviceRow
      | undefined;
  }

  /** A serial, or a MAC in any spelling: what a barcode scanner or a search box gives. */
  find(term: string): DeviceRow | undefined {
    const text = term.trim();
    return this.findBySerial(text) ?? (looksLikeMac(text) ? this.findByMac(text) : undefined);
  }

  activeCertificate(allocationId: number): CertificateRecord | undefined {
    const row = this.sql("SELECT * FROM certificates WHERE allocation_id = ? AND status = 'active'").get(allocationId) as CertificateSqlRow | undefined;
    return row && toCertificate(row);
  }

  /** One page of devices, newest first (or by serial / MAC when searching by prefix). */
  page(filter: DeviceFilter = {}, request: PageRequest = {}): Page {
    const limit = Math.min(Math.max(Math.trunc(request.limit ?? 200), 1), 1000);
    const order: Order = filter.serialPrefix !== undefined ? 'serial' : filter.macPrefix !== undefined ? 'mac' : 'created';
    const { where, params } = this.conditions(filter);
    if (request.after !== undefined) {
      const cursor = decodeCursor(request.after, order);
      if (order === 'created') {
        where.push('(a.created_at, a.id) < (?, ?)');
        params.push(cursor[0], cursor[1]);
      } else if (order === 'serial') {
        where.push('a.serial > ?');
        params.push(cursor[0]);
      } else {
        where.push('(d.mac, a.id) > (?, ?)');
        params.push(cursor[0], cursor[1]);
      }
    }
    const orderBy = order === 'created' ? 'a.created_at DESC, a.id DESC' : order === 'serial' ? 'a.serial' : 'd.mac, a.id';
    const rows = this.sql(`${ROW_SQL} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${orderBy} LIMIT ${limit + 1}`).all(...params) as DeviceRow[];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    const last = rows.at(-1);
    const next = more && last ? encodeCursor(order, order === 'created' ? [last.createdAt, last.allocationId] : order === 'serial' ? [last.serial] : [last.mac, last.allocationId]) : undefined;
    return next ? { rows, next } : { rows };
  }

  /**
   * Rows offset..offset+limit of the matching devices, newest first: what a
   * scrolled table shows. The offset is skipped on the (created_at, id) index
   * alone before any join, so the millionth row costs tens of milliseconds.
   */
  window(filter: DeviceFilter = {}, offset = 0, limit = 100): DeviceRow[] {
    const count = Math.min(Math.max(Math.trunc(limit), 1), 1000);
    const { where, params } = this.conditions(filter);
    const needsDevice = filter.macPrefix !== undefined;
    const ids = `SELECT a.id FROM allocations a ${needsDevice ? 'JOIN devices d ON d.id = a.device_id' : ''} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.created_at DESC, a.id DESC LIMIT ${count} OFFSET ?`;
    return this.sql(`${ROW_SQL} WHERE a.id IN (${ids}) ORDER BY a.created_at DESC, a.id DESC`).all(...params, Math.max(0, Math.trunc(offset))) as DeviceRow[];
  }

  /** Every matching row in allocation order, a page at a time: for exports of any size in flat memory. */
  *scan(filter: DeviceFilter = {}, pageSize = 2000): Generator<DeviceRow[]> {
    const { where, params } = this.conditions(filter);
    const statement = this.sql(`${ROW_SQL} WHERE ${[...where, 'a.id > ?'].join(' AND ')} ORDER BY a.id LIMIT ${pageSize}`);
    let after = 0;
    for (;;) {
      const rows = statement.all(...params, after) as DeviceRow[];
      if (rows.length === 0) return;
      yield rows;
      after = rows.at(-1)!.allocationId;
    }
  }

  count(filter: DeviceFilter = {}): number {
    const { where, params } = this.conditions(filter);
    const join = filter.macPrefix !== undefined ? 'JOIN devices d ON d.id = a.device_id' : '';
    return (this.sql(`SELECT count(*) FROM allocations a ${join} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`).pluck().get(...params) as number) ?? 0;
  }

  /** Everything about one device, found by a serial or a MAC. */
  detail(term: string): DeviceDetail | undefined {
    const row = this.find(term);
    if (!row) return undefined;
    const device = this.sql('SELECT id, mac, chip, first_seen FROM devices WHERE mac = ?').get(row.mac) as { id: number; mac: string; chip: string | null; first_seen: string };
    const identities = this.sql(`${ROW_SQL} WHERE a.device_id = ? ORDER BY a.status = 'voided', a.id DESC`).all(device.id) as DeviceRow[];
    const certificates = (this.sql('SELECT c.*, a.serial FROM certificates c JOIN allocations a ON a.id = c.allocation_id WHERE a.device_id = ? ORDER BY c.id').all(device.id) as (CertificateSqlRow & { serial: string })[]).map(
      (certificate) => ({ ...toCertificate(certificate), serial: certificate.serial }),
    );
    const labelPrints = (
      this.sql('SELECT p.* FROM label_prints p JOIN allocations a ON a.id = p.allocation_id WHERE a.device_id = ? ORDER BY p.id').all(device.id) as (Omit<LabelPrint, 'allocationId' | 'reprint'> & {
        allocation_id: number;
        reprint: number;
      })[]
    ).map(({ allocation_id, reprint, ...print }) => ({ ...print, allocationId: allocation_id, reprint: reprint === 1 }));
    return { mac: device.mac, chip: device.chip, firstSeen: device.first_seen, identities, certificates, labelPrints, events: this.history(device.id) };
  }

  /** A device's audit events, oldest first. */
  history(deviceId: number): AuditEvent[] {
    return (this.sql('SELECT * FROM events WHERE device_id = ? ORDER BY id').all(deviceId) as EventSqlRow[]).map(toEvent);
  }

  /** What a job's boards are ("ACME Widget rev C"), as the labels show it. */
  jobProduct(name: string): string | undefined {
    return this.sql('SELECT product FROM jobs WHERE name = ?').pluck().get(name) as string | undefined;
  }

  /** How many certificates of a pool are still to be given to a board. */
  unusedPoolCertificates(pool: string): number {
    return this.sql("SELECT count(*) FROM certificates WHERE pool = ? AND status = 'pooled'").pluck().get(pool) as number;
  }

  /** The ledger's schema version (PRAGMA user_version). */
  schemaVersion(): number {
    return this.sql('PRAGMA user_version').pluck().get() as number;
  }

  jobNames(): string[] {
    return this.sql('SELECT name FROM jobs ORDER BY name').pluck().all() as string[];
  }

  private conditions(filter: DeviceFilter): { where: string[]; params: (string | number)[] } {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (filter.job !== undefined) {
      const id = this.sql('SELECT id FROM jobs WHERE name = ?').pluck().get(filter.job) as number | undefined;
      if (id === undefined) throw new LedgerError('unknown-job', `no job "${filter.job}" in the ledger`, `the jobs are: ${this.jobNames().join(', ') || '(none yet)'}`);
      where.push('a.job_id = ?');
      params.push(id);
    }
    if (filter.status !== undefined) {
      where.push('a.status = ?');
      params.push(filter.status);
    }
    if (filter.since !== undefined) {
      where.push('a.created_at >= ?');
      params.push(isoBound(filter.since, 'since'));
    }
    if (filter.until !== undefined) {
      where.push('a.created_at < ?');
      params.push(isoBound(filter.until, 'until'));
    }
    if (filter.serialPrefix !== undefined) {
      // A range rather than LIKE, so that the serial index is used and % or _ in a serial mean themselves.
      where.push('a.serial >= ? AND a.serial < ?');
      params.push(filter.serialPrefix, `${filter.serialPrefix}\u{10ffff}`);
    }
    if (filter.macPrefix !== undefined) {
      const hex = filter.macPrefix.toLowerCase().replace(/[^0-9a-f]/g, '');
      const prefix = (hex.match(/.{1,2}/g) ?? []).join(':');
      where.push('d.mac >= ? AND d.mac < ?');
      params.push(prefix, `${prefix}\u{10ffff}`);
    }
    return { where, params };
  }

  private sql(text: string): Statement {
    return this.statements.get(text);
  }
}

type EventSqlRow = EventFields & { hash: string };

export const toEvent = (row: EventSqlRow): AuditEvent => ({
  id: row.id,
  at: row.at,
  kind: row.kind,
  actor: row.actor,
  jobId: row.job_id,
  deviceId: row.device_id,
  allocationId: row.allocation_id,
  port: row.port,
  data: JSON.parse(row.data) as Record<string, unknown>,
  hash: row.hash,
});

/** A date (2026-11-24) or date-time, as the ISO UTC text the ledger stores. */
function isoBound(text: string, name: string): string {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text);
  if (Number.isNaN(date.getTime())) {
    throw new LedgerError('invalid-input', `--${name} "${text}" is not a date`, 'write a date as 2026-11-24 or a date-time as 2026-11-24T14:30');
  }
  return date.toISOString();
}

function encodeCursor(order: Order, values: (string | number)[]): string {
  return Buffer.from(JSON.stringify([order, ...values])).toString('base64url');
}

function decodeCursor(cursor: string, order: Order): (string | number)[] {
  try {
    const [kind, ...values] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [Order, ...(string | number)[]];
    if (kind === order && values.length > 0) return values;
  } catch {
    // fall through to the error below
  }
  throw new LedgerError('invalid-input', `the page cursor "${cursor}" does not belong to this search`, 'start again from the first page');
}
