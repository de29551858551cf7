/** The JSON a job file holds about serial numbers; stored with the job as given. */
export type SerialSchemeJson = { kind: 'counter'; template: string; start?: number } | { kind: 'list'; file: string };

/**
 * What the ledger needs of a compiled counter template (src/main/identity):
 * pure, synchronous functions it calls inside its transactions.
 */
export interface CounterTemplate {
  scope(date: Date): string;
  render(date: Date, counter: number): string;
  readonly maxCounter: number;
}

export type SerialSource = { kind: 'counter'; template: CounterTemplate; start: number } | { kind: 'list' };

export type CertMode = 'none' | 'issue' | 'pool';

export interface JobDefinition {
  name: string;
  product?: string;
  serialScheme: SerialSchemeJson;
  certMode: CertMode;
  /** The pool's name when certMode is 'pool'. */
  certPool?: string;
  /** A hash of everything that defines the job (its files); a change is recorded as an event. */
  definitionSha256: string;
}

/** A job registered in a ledger, ready to hand out identities. */
export interface JobHandle {
  id: number;
  name: string;
  serials: SerialSource;
  certMode: CertMode;
  certPool?: string;
}

export type AllocationStatus = 'pending' | 'provisioned' | 'voided';

export interface CertificateRecord {
  fingerprint: string;
  pem: string;
  origin: 'issued' | 'pool';
  status: 'pooled' | 'active' | 'superseded';
  subject: string | null;
  notAfter: string | null;
  /** For a pool certificate: where its private key lives (never the key itself). */
  keyRef: unknown;
  publicKeySha256: string | null;
  createdAt: string;
}

/** What a board gets: its serial and certificate, bound to its MAC. */
export interface Identity {
  allocationId: number;
  deviceId: number;
  jobId: number;
  mac: string;
  serial: string;
  status: AllocationStatus;
  /** True when the MAC already had this identity (rework): nothing new was handed out. */
  reused: boolean;
  /** The active certificate, if one is attached. */
  certificate?: CertificateRecord;
}

/** One row of the devices table as the screens and exports show it. */
export interface DeviceRow {
  allocationId: number;
  serial: string;
  mac: string;
  chip: string | null;
  status: AllocationStatus;
  job: string;
  port: string | null;
  lastStep: string | null;
  certFingerprint: string | null;
  imageSha256: string | null;
  createdAt: string;
  updatedAt: string;
  provisionedAt: string | null;
  voidReason: string | null;
}

export interface AuditEvent {
  id: number;
  at: string;
  kind: string;
  actor: string;
  jobId: number | null;
  deviceId: number | null;
  allocationId: number | null;
  port: string | null;
  data: Record<string, unknown>;
  hash: string;
}

export interface LabelPrint {
  id: number;
  allocationId: number;
  at: string;
  printer: string;
  operator: string;
  reason: string | null;
  reprint: boolean;
  status: 'printed' | 'failed';
  error: string | null;
}

export interface PoolCertificate {
  certPem: string;
  fingerprint: string;
  subject: string;
  notAfter: string;
  publicKeySha256: string;
  keyRef: unknown;
}
