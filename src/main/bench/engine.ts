import type { SerialBinding } from '../esp/index.js';
import type { Ledger } from '../ledger/index.js';
import type { BenchJob } from './bench-job.js';
import { endOf, provisionWithRetries, type PortOutcome } from './board-attempts.js';
import { LineCounters } from './counters.js';
import type { BenchEvent, BenchListener } from './events.js';

export type { PortOutcome } from './board-attempts.js';

export interface BenchPort {
  path: string;
  /** The operator's name for the place on the bench (pinned to the USB location, not the device name). */
  slot: string;
  binding?: SerialBinding;
}

export interface BenchOptions {
  job: BenchJob;
  ledger: Ledger;
  ports: readonly BenchPort[];
  /** How many more times a board is tried after a failure that may pass (same identity each time). */
  retries?: number;
  onEvent?: BenchListener;
  /** Stops every board at its next step (a flash in progress at once); stopped boards keep their pending identity. */
  signal?: AbortSignal;
}

export interface BenchSummary {
  pass: number;
  /** Boards that failed; a board stopped by the signal is counted in `stopped` instead. */
  fail: number;
  stopped: number;
  /** pass / (pass + fail): 1 when every board passed. */
  yield: number;
  ms: number;
  outcomes: PortOutcome[];
}

/**
 * One board per port, all ports at once. A failure on one port never stops
 * another; a board that fails a step that may pass is tried again (with its
 * identity, which the ledger keeps by MAC) up to `retries` times.
 */
export async function runBenchOnce(options: BenchOptions): Promise<BenchSummary> {
  const started = performance.now();
  const emit = (event: BenchEvent) => options.onEvent?.(event);
  const context = { job: options.job, ledger: options.ledger, retries: options.retries ?? 1, emit, signal: options.signal, issuedKeys: new Map<number, string>() };
  const outcomes = await Promise.all(options.ports.map((port) => provisionWithRetries(context, port)));
  const counters = new LineCounters();
  for (const outcome of outcomes) counters.add(outcome.slot, endOf(outcome));
  const summary = { ...counters.total(), ms: performance.now() - started, outcomes };
  emit({ type: 'summary', pass: summary.pass, fail: summary.fail, stopped: summary.stopped, yield: summary.yield, ms: summary.ms });
  return summary;
}
