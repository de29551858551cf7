import type { SerialBinding } from '../esp/index.js';
import type { Ledger } from '../ledger/index.js';
import type { BenchJob } from './bench-job.js';
import { BoardFailure } from './board-failure.js';
import type { BenchEvent, BenchListener } from './events.js';
import { provisionBoard, type BoardResult } from './pipeline.js';

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
  signal?: AbortSignal;
}

export interface PortOutcome {
  port: string;
  slot: string;
  result?: BoardResult;
  failure?: BoardFailure;
  attempts: number;
}

export interface BenchSummary {
  pass: number;
  fail: number;
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
  const issuedKeys = new Map<number, string>();
  const retries = options.retries ?? 1;
  const outcomes = await Promise.all(
    options.ports.map(async (port): Promise<PortOutcome> => {
      const boardStarted = performance.now();
      for (let attempt = 1; ; attempt++) {
        try {
          const run = { port: port.path, slot: port.slot, attempt, issuedKeys, ...(port.binding ? { binding: port.binding } : {}) };
          const result = await provisionBoard(options.job, options.ledger, run, emit);
          emit({ type: 'board-done', port: port.path, slot: port.slot, ms: performance.now() - boardStarted, attempts: attempt, reused: result.reused, chip: result.chip, mac: result.mac, serial: result.serial });
          return { port: port.path, slot: port.slot, result, attempts: attempt };
        } catch (error) {
          const failure = BoardFailure.from(error, 'connecting', {});
          const willRetry = failure.retryable && attempt <= retries && !options.signal?.aborted;
          emit({ type: 'board-failed', port: port.path, slot: port.slot, step: failure.step, code: failure.code, message: failure.message, hint: failure.hint, attempt, willRetry, ...failure.facts });
          if (!willRetry) return { port: port.path, slot: port.slot, failure, attempts: attempt };
        }
      }
    }),
  );
  const pass = outcomes.filter((outcome) => outcome.result).length;
  const fail = outcomes.length - pass;
  const summary = { pass, fail, yield: outcomes.length ? pass / outcomes.length : 1, ms: performance.now() - started, outcomes };
  emit({ type: 'summary', pass, fail, yield: summary.yield, ms: summary.ms });
  return summary;
}
