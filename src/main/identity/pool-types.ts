/** Where a pool entry's private key stays: a key file (line of its BEGIN line), or a CSV cell (the record's line and the column's name). */
export interface KeyRef {
  file: string;
  line?: number;
  column?: string;
}

/** A certificate of a pool, checked against its key. The key itself is not kept: loadPoolKey reads it again when a device needs it. */
export interface PoolEntry {
  certPem: string;
  /** SHA-256 of the certificate's DER, lowercase hex. */
  fingerprint: string;
  /** e.g. "CN=SN0001, O=ACME" */
  subject: string;
  notAfter: Date;
  /** SHA-256 of the certificate's SubjectPublicKeyInfo DER, lowercase hex. */
  publicKeySha256: string;
  keyRef: KeyRef;
}

export type PoolProblemKind = 'unreadable' | 'missing-key' | 'missing-certificate' | 'key-mismatch' | 'duplicate' | 'expired' | 'ambiguous';

/** A certificate or key the pool does not take, and why. */
export interface PoolProblem {
  kind: PoolProblemKind;
  message: string;
  file: string;
  line?: number;
  hint: string;
}

/** A certificate and a key that a source pairs, before they are checked. */
export interface PoolCandidate {
  cert: { pem: string; file: string; line?: number };
  key: { pem: string; ref: KeyRef };
  /** Where problems with the pair are reported: the key file, or the CSV row. */
  at: { file: string; line?: number };
}

export interface SourceRead {
  candidates: PoolCandidate[];
  problems: PoolProblem[];
}
