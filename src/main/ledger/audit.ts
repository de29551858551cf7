import { createHash } from 'node:crypto';
import type { Database, Statement } from 'better-sqlite3';

/** The link before the first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** An event's fields as stored; the hash covers every one of them. */
export interface EventFields {
  id: number;
  at: string;
  kind: string;
  actor: string;
  job_id: number | null;
  device_id: number | null;
  allocation_id: number | null;
  port: string | null;
  data: string;
}

export function eventHash(prevHash: string, event: EventFields): string {
  const canonical = JSON.stringify([
    event.id,
    event.at,
    event.kind,
    event.actor,
    event.job_id,
    event.device_id,
    event.allocation_id,
    event.port,
    event.data,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export interface NewEvent {
  kind: string;
  jobId?: number | null;
  deviceId?: number | null;
  allocationId?: number | null;
  port?: string | null;
  data?: Record<string, unknown>;
}

/**
 * Appends hash-chained events. Must be called inside a write transaction
 * (BEGIN IMMEDIATE), so that no other writer can append in between reading
 * the chain's tip and linking to it.
 */
export class AuditLog {
  private readonly tip: Statement<[], { id: number; hash: string }>;
  private readonly insert: Statement;

  constructor(
    db: Database,
    private readonly actor: string,
  ) {
    this.tip = db.prepare('SELECT id, hash FROM events ORDER BY id DESC LIMIT 1');
    this.insert = db.prepare(
      `INSERT INTO events (id, at, kind, actor, job_id, device_id, allocation_id, port, data, prev_hash, hash)
       VALUES (@id, @at, @kind, @actor, @job_id, @device_id, @allocation_id, @port, @data, @prev_hash, @hash)`,
    );
  }

  append(event: NewEvent, at: string): number {
    const tip = this.tip.get();
    const fields: EventFields = {
      id: (tip?.id ?? 0) + 1,
      at,
      kind: event.kind,
      actor: this.actor,
      job_id: event.jobId ?? null,
      device_id: event.deviceId ?? null,
      allocation_id: event.allocationId ?? null,
      port: event.port ?? null,
      data: JSON.stringify(event.data ?? {}),
    };
    const prevHash = tip?.hash ?? GENESIS_HASH;
    this.insert.run({ ...fields, prev_hash: prevHash, hash: eventHash(prevHash, fields) });
    return fields.id;
  }
}
