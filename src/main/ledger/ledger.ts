import { hostname, userInfo } from 'node:os';
import type { Database, Statement } from 'better-sqlite3';
import { SerialAllocator } from './allocate-serial.js';
import { AuditLog, type NewEvent } from './audit.js';
import { LedgerError } from './errors.js';
import { normalizeMac } from './mac.js';
import { openLedgerDatabase, type OpenOptions } from './open.js';
import { LedgerQueries } from './queries.js';
import { translateSqliteError } from './sqlite-errors.js';
import { Statements } from './statements.js';
import type { CertificateRecord, Identity, JobDefinition, JobHandle, PoolCertificate, SerialSource } from './types.js';

export interface LedgerOptions extends OpenOptions {
  /** Who acts, for the audit trail; defaults to user@host. */
  actor?: string;
  /** The clock (tests and benchmarks set dates). */
  now?: () => Date;
}

export interface BindRequest {
  mac: string;
  chip?: string;
  port?: string;
}

export interface StepRecord {
  step: string;
  outcome: 'ok' | 'failed';
  port?: string;
  detail?: Record<string, unknown>;
}

export interface IssuedCertificate {
  pem: string;
  fingerprint: string;
  subject?: string;
  notAfter?: string;
}

export interface LabelPrintRecord {
  printer: string;
  operator?: string;
  reason?: string;
  reprint: boolean;
  status: 'printed' | 'failed';
  error?: string;
}

interface AllocationRow {
  id: number;
  device_id: number;
  job_id: number;
  serial: string;
  status: Identity['status'];
  mac: string;
}

const CHECKPOINT_INTERVAL_MS = 1000;
const CHECKPOINT_AFTER_COMMITS = 2000;

function defaultActor(): string {
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `pid ${process.pid}@${hostname()}`;
  }
}

/**
 * The ledger: which chip got which serial and certificate, and every step on
 * the way. Every change is one SQLite write transaction (BEGIN IMMEDIATE, so
 * that benches in other processes queue rather than interleave) that also
 * appends its audit event. Every commit that hands out or settles an identity
 * is durable (synchronous = FULL) before the call returns.
 */
export class Ledger {
  readonly queries: LedgerQueries;
  private readonly statements: Statements;
  private readonly audit: AuditLog;
  private readonly serials: SerialAllocator;
  private readonly now: () => Date;

  private constructor(
    readonly db: Database,
    readonly file: string,
    readonly actor: string,
    now: (() => Date) | undefined,
  ) {
    this.statements = new Statements(db);
    this.audit = new AuditLog(db, actor);
    this.serials = new SerialAllocator(db);
    this.queries = new LedgerQueries(db);
    this.now = now ?? (() => new Date());
    if (!db.readonly) {
      // SQLite's automatic checkpoint runs inside whichever commit fills the WAL, which would put a
      // copy of a thousand pages (and an fsync of the whole file) into one board's allocation.
      // Checkpoints run between operations instead: on a timer, and after many commits in a row.
      db.pragma('wal_autocheckpoint = 0');
      this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_INTERVAL_MS);
      this.checkpointTimer.unref();
    }
  }

  private checkpointTimer: NodeJS.Timeout | undefined;
  private commitsSinceCheckpoint = 0;

  /** Copies what the WAL holds into the database file, without waiting for readers (PASSIVE). */
  checkpoint(): void {
    if (this.commitsSinceCheckpoint === 0 || !this.db.open || this.db.inTransaction) return;
    this.commitsSinceCheckpoint = 0;
    try {
      this.db.pragma('wal_checkpoint(PASSIVE)');
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('SQLITE_BUSY') !== true) throw translateSqliteError(error, this.file);
    }
  }

  static open(file: string, options: LedgerOptions = {}): Ledger {
    const actor = options.actor ?? defaultActor();
    return new Ledger(openLedgerDatabase(file, { ...options, actor }), file, actor, options.now);
  }

  close(): void {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    if (this.db.open) {
      this.checkpoint();
      this.db.close();
    }
  }

  /** Registers a job by name, or records that its definition changed. */
  registerJob(definition: JobDefinition, serials: SerialSource): JobHandle {
    if (definition.certMode === 'pool' && !definition.certPool) {
      throw new LedgerError('invalid-input', `job "${definition.name}" takes certificates from a pool but names none`, 'name the pool its certificates were imported into');
    }
    return this.write((at) => {
      const existing = this.sql('SELECT id, definition_sha256 FROM jobs WHERE name = ?').get(definition.name) as { id: number; definition_sha256: string } | undefined;
      const fields = {
        name: definition.name,
        product: definition.product ?? '',
        serial_scheme: JSON.stringify(definition.serialScheme),
        cert_mode: definition.certMode,
        cert_pool: definition.certPool ?? null,
        definition_sha256: definition.definitionSha256,
        at,
      };
      let id: number;
      if (!existing) {
        id = Number(
          this.sql(
              `INSERT INTO jobs (name, product, serial_scheme, cert_mode, cert_pool, definition_sha256, created_at, updated_at)
               VALUES (@name, @product, @serial_scheme, @cert_mode, @cert_pool, @definition_sha256, @at, @at)`,
            )
            .run(fields).lastInsertRowid,
        );
        this.event({ kind: 'job.registered', jobId: id, data: { name: definition.name, serialScheme: definition.serialScheme, certMode: definition.certMode, definitionSha256: definition.definitionSha256 } }, at);
      } else {
        id = existing.id;
        if (existing.definition_sha256 !== definition.definitionSha256) {
          this.sql(
              `UPDATE jobs SET product = @product, serial_scheme = @serial_scheme, cert_mode = @cert_mode, cert_pool = @cert_pool,
               definition_sha256 = @definition_sha256, updated_at = @at WHERE id = @id`,
            )
            .run({ ...fields, id });
          this.event({ kind: 'job.changed', jobId: id, data: { from: existing.definition_sha256, to: definition.definitionSha256, serialScheme: definition.serialScheme, certMode: definition.certMode } }, at);
        }
      }
      return { id, name: definition.name, serials, certMode: definition.certMode, certPool: definition.certPool };
    });
  }

  /** Adds a job's list of serials (a list scheme); serials already imported for this job are skipped. */
  importSerialList(job: JobHandle, serials: readonly { serial: string; line: number }[], source: string): { added: number; skipped: number } {
    return this.write((at) => {
      const find = this.sql('SELECT job_id FROM serial_lists WHERE serial = ?');
      const allocated = this.sql('SELECT 1 FROM allocations WHERE serial = ?');
      const insert = this.sql('INSERT INTO serial_lists (job_id, serial, source) VALUES (?, ?, ?)');
      const conflicts: string[] = [];
      let added = 0;
      let skipped = 0;
      for (const { serial, line } of serials) {
        const listed = find.get(serial) as { job_id: number } | undefined;
        if (listed && listed.job_id === job.id) {
          skipped++;
          continue;
        }
        if (listed || allocated.get(serial)) {
          conflicts.push(`${source}:${line}: serial ${serial} is already in the ledger${listed ? ' (another job\'s list)' : ''}`);
          continue;
        }
        insert.run(job.id, serial, `${source}:${line}`);
        added++;
      }
      if (conflicts.length > 0) {
        throw new LedgerError('conflict', `${conflicts.length} serial(s) of ${source} are already in the ledger:\n${conflicts.slice(0, 20).join('\n')}${conflicts.length > 20 ? `\n… and ${conflicts.length - 20} more` : ''}`, 'each serial can be given once: remove these lines from the list');
      }
      if (added > 0) this.event({ kind: 'serials.imported', jobId: job.id, data: { source, added, skipped } }, at);
      return { added, skipped };
    });
  }

  /** Imports certificates (and where their keys live) into a named pool; each is later given to one board. */
  importPoolCertificates(pool: string, certificates: readonly PoolCertificate[], source: string): { added: number; skipped: number } {
    return this.write((at) => {
      const find = this.sql('SELECT pool, status FROM certificates WHERE fingerprint = ?');
      const insert = this.sql(
        `INSERT INTO certificates (fingerprint, pem, origin, pool, key_ref, public_key_sha256, subject, not_after, status, created_at)
         VALUES (?, ?, 'pool', ?, ?, ?, ?, ?, 'pooled', ?)`,
      );
      let added = 0;
      let skipped = 0;
      const conflicts: string[] = [];
      for (const certificate of certificates) {
        const known = find.get(certificate.fingerprint) as { pool: string | null } | undefined;
        if (known) {
          if (known.pool === pool) skipped++;
          else conflicts.push(`${certificate.subject} (${certificate.fingerprint.slice(0, 16)}…) is already in the ledger${known.pool ? ` in pool "${known.pool}"` : ''}`);
          continue;
        }
        insert.run(certificate.fingerprint, certificate.certPem, pool, JSON.stringify(certificate.keyRef), certificate.publicKeySha256, certificate.subject, certificate.notAfter, at);
        added++;
      }
      if (conflicts.length > 0) {
        throw new LedgerError('conflict', `${conflicts.length} certificate(s) of ${source} are already in the ledger:\n${conflicts.slice(0, 20).join('\n')}`, 'a certificate belongs to one device: remove these from the source');
      }
      this.event({ kind: 'certificates.imported', data: { pool, source, added, skipped } }, at);
      return { added, skipped };
    });
  }

  /**
   * Gives a board its identity: the MAC's current one when it has one (rework
   * never burns a serial), otherwise the job's next serial and, for a pool
   * job, the pool's next certificate. One transaction: either all of it is
   * recorded or none.
   */
  bind(job: JobHandle, request: BindRequest): Identity {
    const mac = normalizeMac(request.mac);
    return this.write((at, now) => {
      let device = this.sql('SELECT id FROM devices WHERE mac = ?').get(mac) as { id: number } | undefined;
      if (!device) {
        device = { id: Number(this.sql('INSERT INTO devices (mac, chip, first_seen) VALUES (?, ?, ?)').run(mac, request.chip ?? null, at).lastInsertRowid) };
      } else if (request.chip) {
        this.sql('UPDATE devices SET chip = ? WHERE id = ? AND chip IS NOT ?').run(request.chip, device.id, request.chip);
      }
      const live = this.sql("SELECT id, job_id, serial, status FROM allocations WHERE device_id = ? AND status <> 'voided'").get(device.id) as
        | { id: number; job_id: number; serial: string; status: Identity['status'] }
        | undefined;
      if (live) {
        if (live.job_id !== job.id) {
          const other = this.sql('SELECT name FROM jobs WHERE id = ?').pluck().get(live.job_id) as string;
          throw new LedgerError('conflict', `board ${mac} already holds serial ${live.serial} from job "${other}"`, `void that identity first (factory-bench ledger void ${live.serial} --reason "...") to give the board a new one in job "${job.name}"`);
        }
        this.event({ kind: 'identity.reused', jobId: job.id, deviceId: device.id, allocationId: live.id, port: request.port, data: { serial: live.serial, mac } }, at);
        return { allocationId: live.id, deviceId: device.id, jobId: job.id, mac, serial: live.serial, status: live.status, reused: true, certificate: this.activeCertificate(live.id) };
      }
      const serial = this.serials.take(job, now);
      const allocationId = Number(
        this.sql("INSERT INTO allocations (device_id, job_id, serial, status, port, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?, ?)")
          .run(device.id, job.id, serial, request.port ?? null, at, at).lastInsertRowid,
      );
      this.event({ kind: 'identity.allocated', jobId: job.id, deviceId: device.id, allocationId, port: request.port, data: { serial, mac } }, at);
      if (job.certMode === 'pool') this.takeFromPool(job, allocationId, device.id, at);
      return { allocationId, deviceId: device.id, jobId: job.id, mac, serial, status: 'pending', reused: false, certificate: this.activeCertificate(allocationId) };
    });
  }

  /** Records the certificate issued for an allocation that has none. */
  attachCertificate(allocationId: number, certificate: IssuedCertificate): CertificateRecord {
    return this.write((at) => {
      const allocation = this.liveAllocation(allocationId);
      if (this.activeCertificate(allocationId)) {
        throw new LedgerError('invalid-state', `serial ${allocation.serial} already has a certificate`, 'use replaceCertificate to give it a new one, with a reason');
      }
      this.insertIssued(allocation, certificate, at);
      return this.activeCertificate(allocationId)!;
    });
  }

  /**
   * Gives an identity a new certificate (its key was lost in a rework, for
   * example); the old one is kept as superseded. Without a certificate, a pool
   * job's next pool certificate is taken.
   */
  replaceCertificate(job: JobHandle, allocationId: number, reason: string, certificate?: IssuedCertificate): CertificateRecord {
    requireReason(reason);
    return this.write((at) => {
      const allocation = this.liveAllocation(allocationId);
      const old = this.activeCertificate(allocationId);
      if (old) this.sql("UPDATE certificates SET status = 'superseded' WHERE allocation_id = ? AND status = 'active'").run(allocationId);
      if (certificate) this.insertIssued(allocation, certificate, at, reason);
      else this.takeFromPool(job, allocationId, allocation.device_id, at);
      const active = this.activeCertificate(allocationId)!;
      this.event({ kind: 'certificate.replaced', jobId: allocation.job_id, deviceId: allocation.device_id, allocationId, data: { serial: allocation.serial, from: old?.fingerprint ?? null, to: active.fingerprint, reason } }, at);
      return active;
    });
  }

  /** Records one pipeline step of a board (flashing, verifying, …). */
  recordStep(allocationId: number, step: StepRecord): void {
    this.write({ durable: false }, (at) => {
      const allocation = this.liveAllocation(allocationId);
      this.sql('UPDATE allocations SET last_step = ?, port = coalesce(?, port), updated_at = ? WHERE id = ?').run(`${step.step}:${step.outcome}`, step.port ?? null, at, allocationId);
      this.event({ kind: 'step', jobId: allocation.job_id, deviceId: allocation.device_id, allocationId, port: step.port, data: { serial: allocation.serial, step: step.step, outcome: step.outcome, ...step.detail } }, at);
    });
  }

  /** The board left the bench with this identity. Committed durably before returning. */
  markProvisioned(allocationId: number, details: { imageSha256?: string; port?: string } = {}): void {
    this.write((at) => {
      const allocation = this.liveAllocation(allocationId);
      const job = this.sql('SELECT cert_mode FROM jobs WHERE id = ?').get(allocation.job_id) as { cert_mode: string };
      const certificate = this.activeCertificate(allocationId);
      if (job.cert_mode !== 'none' && !certificate) {
        throw new LedgerError('invalid-state', `serial ${allocation.serial} has no certificate yet`, 'attach its certificate before marking it provisioned');
      }
      this.sql("UPDATE allocations SET status = 'provisioned', image_sha256 = coalesce(?, image_sha256), port = coalesce(?, port), provisioned_at = ?, updated_at = ? WHERE id = ?").run(details.imageSha256 ?? null, details.port ?? null, at, at, allocationId);
      this.event(
        { kind: 'identity.provisioned', jobId: allocation.job_id, deviceId: allocation.device_id, allocationId, port: details.port, data: { serial: allocation.serial, mac: allocation.mac, certificate: certificate?.fingerprint ?? null, imageSha256: details.imageSha256 ?? null } },
        at,
      );
    });
  }

  /** Takes an identity out of use for good (a scrapped board, a compromised key). Its serial is never handed out again. */
  void(allocationId: number, reason: string): void {
    requireReason(reason);
    this.write((at) => {
      const allocation = this.liveAllocation(allocationId);
      this.sql("UPDATE allocations SET status = 'voided', void_reason = ?, updated_at = ? WHERE id = ?").run(reason, at, allocationId);
      this.event({ kind: 'identity.voided', jobId: allocation.job_id, deviceId: allocation.device_id, allocationId, data: { serial: allocation.serial, mac: allocation.mac, reason } }, at);
    });
  }

  /** Records a label print or reprint, whether it succeeded or not. */
  recordLabelPrint(allocationId: number, print: LabelPrintRecord): number {
    return this.write((at) => {
      const allocation = this.allocation(allocationId);
      const operator = print.operator ?? this.actor;
      const id = Number(
        this.sql('INSERT INTO label_prints (allocation_id, at, printer, operator, reason, reprint, status, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(allocationId, at, print.printer, operator, print.reason ?? null, print.reprint ? 1 : 0, print.status, print.error ?? null).lastInsertRowid,
      );
      this.event(
        {
          kind: print.status === 'printed' ? 'label.printed' : 'label.failed',
          jobId: allocation.job_id,
          deviceId: allocation.device_id,
          allocationId,
          data: { serial: allocation.serial, printer: print.printer, operator, reprint: print.reprint, reason: print.reason ?? null, error: print.error ?? null },
        },
        at,
      );
      return id;
    });
  }

  private takeFromPool(job: JobHandle, allocationId: number, deviceId: number, at: string): void {
    const next = this.sql("SELECT id, fingerprint FROM certificates WHERE pool = ? AND status = 'pooled' ORDER BY id LIMIT 1").get(job.certPool ?? null) as { id: number; fingerprint: string } | undefined;
    if (!next) {
      throw new LedgerError('pool-empty', `certificate pool "${job.certPool}" of job "${job.name}" is empty`, 'import more certificates: factory-bench certs import <folder|csv> --pool ' + (job.certPool ?? 'NAME'));
    }
    this.sql("UPDATE certificates SET status = 'active', allocation_id = ? WHERE id = ?").run(allocationId, next.id);
    this.event({ kind: 'certificate.assigned', jobId: job.id, deviceId, allocationId, data: { fingerprint: next.fingerprint, pool: job.certPool } }, at);
  }

  private insertIssued(allocation: AllocationRow, certificate: IssuedCertificate, at: string, reason?: string): void {
    this.sql("INSERT INTO certificates (fingerprint, pem, origin, subject, not_after, allocation_id, status, created_at) VALUES (?, ?, 'issued', ?, ?, ?, 'active', ?)")
      .run(certificate.fingerprint, certificate.pem, certificate.subject ?? null, certificate.notAfter ?? null, allocation.id, at);
    if (!reason) {
      this.event({ kind: 'certificate.issued', jobId: allocation.job_id, deviceId: allocation.device_id, allocationId: allocation.id, data: { serial: allocation.serial, fingerprint: certificate.fingerprint } }, at);
    }
  }

  private allocation(allocationId: number): AllocationRow {
    const row = this.sql('SELECT a.id, a.device_id, a.job_id, a.serial, a.status, d.mac FROM allocations a JOIN devices d ON d.id = a.device_id WHERE a.id = ?')
      .get(allocationId) as AllocationRow | undefined;
    if (!row) throw new LedgerError('unknown-device', `no identity #${allocationId} in the ledger`, 'bind the board first');
    return row;
  }

  private liveAllocation(allocationId: number): AllocationRow {
    const row = this.allocation(allocationId);
    if (row.status === 'voided') {
      throw new LedgerError('invalid-state', `serial ${row.serial} was voided`, 'a voided identity is never used again; bind the board to get a new one');
    }
    return row;
  }

  private activeCertificate(allocationId: number): CertificateRecord | undefined {
    return this.queries.activeCertificate(allocationId);
  }


  private sql(text: string): Statement {
    return this.statements.get(text);
  }

  private event(event: NewEvent, at: string): void {
    this.audit.append(event, at);
  }

  private synchronous: 'FULL' | 'NORMAL' = 'FULL';

  /**
   * Runs one write transaction. Durable ones (identities, certificates,
   * provisioning, voids) reach the disk before this returns; a step record may
   * wait for the next durable commit or checkpoint: losing one to a power cut
   * loses a progress note, never an identity.
   */
  private write<T>(work: (at: string, now: Date) => T): T;
  private write<T>(options: { durable: boolean }, work: (at: string, now: Date) => T): T;
  private write<T>(first: { durable: boolean } | ((at: string, now: Date) => T), second?: (at: string, now: Date) => T): T {
    const durable = typeof first === 'function' ? true : first.durable;
    const work = typeof first === 'function' ? first : second!;
    const now = this.now();
    const at = now.toISOString();
    try {
      const wanted = durable ? 'FULL' : 'NORMAL';
      if (wanted !== this.synchronous && !this.db.inTransaction) {
        this.db.pragma(`synchronous = ${wanted}`);
        this.synchronous = wanted;
      }
      const result = this.db.transaction(() => work(at, now)).immediate();
      if (++this.commitsSinceCheckpoint >= CHECKPOINT_AFTER_COMMITS) this.checkpoint();
      return result;
    } catch (error) {
      throw uniqueViolation(error) ?? translateSqliteError(error, this.file);
    }
  }
}

function requireReason(reason: string): void {
  if (!reason.trim()) throw new LedgerError('invalid-input', 'a reason is required', 'say why, e.g. --reason "board scrapped: cracked antenna"');
}

function uniqueViolation(error: unknown): LedgerError | undefined {
  const code = (error as { code?: unknown }).code;
  if (code !== 'SQLITE_CONSTRAINT_UNIQUE' && code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return undefined;
  const message = (error as Error).message;
  const what = /certificates\.fingerprint/.test(message) ? 'that certificate already belongs to a device' : /allocations\.serial/.test(message) ? 'that serial already belongs to a device' : message;
  return new LedgerError('conflict', `refused: ${what}`, 'a serial, a certificate and a MAC each belong to one device; nothing was recorded');
}
