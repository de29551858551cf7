import { z } from 'zod';
import type { BenchEvent, Counters, SlotCounters, Step } from './bench/events.js';

/**
 * The one contract between the renderer and the engine: every call is declared
 * here with zod schemas, and main validates each request (and its own answer)
 * before anything crosses. Main pushes what happens on the bench as batches of
 * AppEvents on one channel.
 */
export const ledgerSummarySchema = z.object({ file: z.string(), schema: z.number().int().optional(), devices: z.number().int().optional(), error: z.string().optional() });
export const appInfoSchema = z.object({ name: z.string(), version: z.string(), node: z.string(), ledger: ledgerSummarySchema });
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();
const text = (max: number) => z.string().min(1).max(max);
const allocationId = z.number().int().positive();

export const jobProblemSchema = z.object({ file: z.string(), line: z.number().int().optional(), column: z.number().int().optional(), message: z.string(), hint: z.string() });
export type JobProblemView = z.infer<typeof jobProblemSchema>;

/** What an open job will do, for the Job view; `problems` is not empty when the job cannot run. */
export const jobViewSchema = z.object({
  folder: z.string(),
  name: z.string().optional(),
  product: z.string().optional(),
  chip: z.string().optional(),
  images: z.array(z.object({ file: z.string(), offset: z.number().int(), size: z.number().int() })),
  fctry: z.object({ name: z.string(), offset: z.number().int(), size: z.number().int(), encrypted: z.boolean() }).optional(),
  serials: z.string().optional(),
  certificates: z.string().optional(),
  labels: z.string().optional(),
  check: z.string().optional(),
  /** Whether starting the bench will ask for the CA passphrase. */
  needsPassphrase: z.boolean(),
  notices: z.array(z.string()),
  problems: z.array(jobProblemSchema),
});
export type JobView = z.infer<typeof jobViewSchema>;

export const portSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ports'), ports: z.union([z.literal('auto'), z.array(text(256)).min(1).max(64)]) }).strict(),
  z.object({ kind: z.literal('simulate'), count: z.number().int().min(1).max(64) }).strict(),
]);
export type PortSource = z.infer<typeof portSourceSchema>;

export const benchStartSchema = z
  .object({
    mode: z.enum(['once', 'continuous']),
    source: portSourceSchema,
    retries: z.number().int().min(0).max(10).optional(),
    /** The CA passphrase, for a job that issues certificates. */
    passphrase: z.string().max(1024).optional(),
    /** Print each board's label on this printer (from the printers file). */
    printer: text(200).optional(),
  })
  .strict();
export type BenchStart = z.infer<typeof benchStartSchema>;

const slotSchema = z.object({ slot: z.string(), port: z.string() });
export const benchStateSchema = z.object({
  running: z.boolean(),
  mode: z.enum(['once', 'continuous']).optional(),
  job: z.string().optional(),
  /** The slots of the current (or last) run, in bench order. */
  slots: z.array(slotSchema),
  /** Every event of the current (or last) run that still says something: a late window replays them. */
  events: z.array(z.custom<AppEvent>()),
});
export type BenchState = z.infer<typeof benchStateSchema>;

export const operatorStateSchema = z.object({ locked: z.boolean(), passphraseSet: z.boolean() });
export type OperatorState = z.infer<typeof operatorStateSchema>;

export const deviceFilterSchema = z
  .object({
    job: text(200).optional(),
    status: z.enum(['pending', 'provisioned', 'voided']).optional(),
    since: text(40).optional(),
    until: text(40).optional(),
    serialPrefix: text(200).optional(),
    macPrefix: text(40).optional(),
  })
  .strict();
export type DeviceFilterView = z.infer<typeof deviceFilterSchema>;

export const deviceRowSchema = z.object({
  allocationId: z.number().int(),
  serial: z.string(),
  mac: z.string(),
  chip: z.string().nullable(),
  status: z.enum(['pending', 'provisioned', 'voided']),
  job: z.string(),
  port: z.string().nullable(),
  lastStep: z.string().nullable(),
  certFingerprint: z.string().nullable(),
  imageSha256: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  provisionedAt: z.string().nullable(),
  voidReason: z.string().nullable(),
});
export type DeviceRowView = z.infer<typeof deviceRowSchema>;

export const deviceDetailSchema = z.object({
  mac: z.string(),
  chip: z.string().nullable(),
  firstSeen: z.string(),
  identities: z.array(deviceRowSchema),
  certificates: z.array(z.object({ serial: z.string(), fingerprint: z.string(), origin: z.string(), status: z.string(), subject: z.string().nullable(), notAfter: z.string().nullable(), createdAt: z.string() })),
  labelPrints: z.array(z.object({ at: z.string(), printer: z.string(), operator: z.string(), reason: z.string().nullable(), reprint: z.boolean(), status: z.string(), error: z.string().nullable() })),
  events: z.array(z.object({ id: z.number().int(), at: z.string(), kind: z.string(), actor: z.string(), port: z.string().nullable(), data: z.record(z.string(), z.unknown()) })),
});
export type DeviceDetailView = z.infer<typeof deviceDetailSchema>;

export const labelPreviewSchema = z.object({ serial: z.string(), mac: z.string(), template: z.string(), svg: z.string(), widthMm: z.number(), heightMm: z.number() });
export type LabelPreview = z.infer<typeof labelPreviewSchema>;

export const calls = {
  'app.info': { request: empty, response: appInfoSchema },

  /** Asks for a job folder (the system's folder dialog) and opens it; null when the operator cancels. */
  'job.choose': { request: empty, response: jobViewSchema.nullable() },
  /** Opens a job folder: what it will do, or every problem it has. Refused in operator mode. */
  'job.open': { request: z.object({ folder: text(4096) }).strict(), response: jobViewSchema },
  'job.current': { request: empty, response: jobViewSchema.nullable() },

  'bench.state': { request: empty, response: benchStateSchema },
  /** Starts the open job on the ports; the run's progress comes as events. Refused while a run is going or the job has problems. */
  'bench.start': { request: benchStartSchema, response: benchStateSchema },
  /** Stops every board at its next step; stopped boards keep their pending identity. */
  'bench.stop': { request: empty, response: z.object({ stopping: z.boolean() }) },

  'operator.state': { request: empty, response: operatorStateSchema },
  /** Locks the job and settings; the first lock sets the engineer's passphrase (at least 8 characters). */
  'operator.lock': { request: z.object({ passphrase: z.string().max(1024).optional() }).strict(), response: operatorStateSchema },
  /** Unlocks with the engineer's passphrase; a wrong one is refused. */
  'operator.unlock': { request: z.object({ passphrase: z.string().max(1024) }).strict(), response: operatorStateSchema },

  /** Rows `offset`..`offset + limit` of the devices matching the filter, newest first, and how many match. */
  'ledger.rows': {
    request: z.object({ filter: deviceFilterSchema, offset: z.number().int().min(0), limit: z.number().int().min(1).max(500) }).strict(),
    response: z.object({ rows: z.array(deviceRowSchema), total: z.number().int() }),
  },
  /** A serial, or a MAC in any spelling (what a barcode scanner types). */
  'ledger.find': { request: z.object({ term: text(200) }).strict(), response: deviceRowSchema.nullable() },
  'ledger.detail': { request: z.object({ allocationId }).strict(), response: deviceDetailSchema },
  'ledger.jobs': { request: empty, response: z.array(z.string()) },
  /** Writes the matching devices to a file the operator chooses; null when cancelled. */
  'ledger.export': {
    request: z.object({ filter: deviceFilterSchema, format: z.enum(['csv', 'json']) }).strict(),
    response: z.object({ file: z.string(), rows: z.number().int() }).nullable(),
  },

  'labels.printers': { request: empty, response: z.object({ file: z.string(), printers: z.array(z.object({ name: z.string(), kind: z.string() })), error: z.string().optional() }) },
  'labels.preview': { request: z.object({ allocationId }).strict(), response: labelPreviewSchema },
  /** Prints a device's label and records it; a second print is a reprint and needs a reason. */
  'labels.print': {
    request: z.object({ allocationId, printer: text(200), reason: text(500).optional() }).strict(),
    response: z.object({ serial: z.string(), printer: z.string(), reprint: z.boolean(), where: z.string() }),
  },
} as const;

export type CallName = keyof typeof calls;
export type CallRequest<C extends CallName> = z.input<(typeof calls)[C]['request']>;
export type CallResponse<C extends CallName> = z.infer<(typeof calls)[C]['response']>;

/** Why main refused or failed a call; all the renderer ever learns of an error (no stack). */
export const callErrorCodes = ['refused', 'unknown-call', 'bad-request', 'bad-response', 'failed', 'locked'] as const;
export interface CallError {
  code: (typeof callErrorCodes)[number];
  message: string;
}

/** What crosses IPC for every call: the response, or the error as plain data. */
export type CallOutcome = { ok: true; value: unknown } | { ok: false; error: CallError };

/** What main pushes: the engine's events, and the run and the lock changing. */
export type AppEvent =
  | BenchEvent
  | { type: 'run'; state: 'started'; mode: 'once' | 'continuous'; job: string; slots: { slot: string; port: string }[] }
  | { type: 'run'; state: 'ended'; error?: string }
  | { type: 'operator'; locked: boolean }
  | { type: 'ledger'; devices: number }
  /** A job was opened (from the window or the app menu). */
  | { type: 'job'; job: JobView };

/** The channel the event batches come on. */
export const EVENTS_CHANNEL = 'app.events';

/** What the preload exposes as window.bench; a failed call rejects with a CallError. */
export interface BenchBridge {
  call<C extends CallName>(name: C, request: CallRequest<C>): Promise<CallResponse<C>>;
  /** Event batches as they come (a few per second at most per busy port); returns the unsubscribe. */
  subscribe(listener: (events: AppEvent[]) => void): () => void;
}

export type { BenchEvent, Counters, SlotCounters, Step };
