import type { BeforeReset, ChipName, PreparedImage } from '../esp/index.js';
import type { Issuer } from '../identity/issue.js';
import type { LabelPrinter, LabelTemplate } from '../labels/index.js';
import type { JobHandle } from '../ledger/index.js';

import type { FctryValues } from '../job/load-job.js';

export type { FctryValues };

/** A console line to wait for after the board boots its app. */
export interface ConsoleCheck {
  /** May use {{serial}} and {{mac}}; matched as a literal substring of a line. */
  pattern: string;
  timeoutMs: number;
  baud: number;
}

/** What the engine needs of a loaded job: everything that is the same for every board, prepared once. */
export interface BenchJob {
  name: string;
  /** The chip every board must be; undefined accepts any. */
  chip?: ChipName;
  baud: number;
  reset: BeforeReset;
  /** The firmware, compressed once for the whole job. */
  firmware: readonly PreparedImage[];
  fctry: { offset: number; size: number };
  /** The fctry image is NVS-encrypted: a board's current one cannot be read back for its key. */
  fctryEncrypted?: boolean;
  renderFctry(values: FctryValues): Uint8Array;
  ledgerJob: JobHandle;
  certificates: { mode: 'none' } | { mode: 'issue'; issuer: Issuer; caPem: string } | { mode: 'pool'; caPem?: string };
  check?: ConsoleCheck;
  /** Print each board's label once it is recorded. */
  label?: { template: LabelTemplate; printer: LabelPrinter; constants?: Readonly<Record<string, string>> };
}
