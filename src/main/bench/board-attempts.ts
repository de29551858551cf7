import type { Ledger } from '../ledger/index.js';
import type { BenchJob } from './bench-job.js';
import { BoardFailure } from './board-failure.js';
import type { BoardEnd } from './counters.js';
import type { BenchListener } from './events.js';
import { provisionBoard, type BoardResult } from './pipeline.js';
import type { BenchPort } from './engine.js';

export interface PortOutcome {
  port: string;
  slot: string;
  result?: BoardResult;
  failure?: BoardFailure;
  attempts: number;
}

/** What every board of a run shares. */
export interface BoardContext {
  job: BenchJob;
  ledger: Ledger;
  /** How many more times a board is tried after a failure that may pass (same identity each time). */
  retries: number;
  emit: BenchListener;
  signal?: AbortSignal | undefined;
  /** Device keys issued in this run, by allocation (see BoardRun). */
  issuedKeys: Map<number, string>;
}

/** One board on one port, tried again after a failure that may pass; announces how it ended. */
export async function provisionWithRetries(context: BoardContext, port: BenchPort): Promise<PortOutcome> {
  const started = performance.now();
  const { emit, signal } = context;
  for (let attempt = 1; ; attempt++) {
    try {
      const run = { port: port.path, slot: port.slot, attempt, issuedKeys: context.issuedKeys, ...(port.binding ? { binding: port.binding } : {}), ...(signal ? { signal } : {}) };
      const result = await provisionBoard(context.job, context.ledger, run, emit);
      emit({ type: 'board-done', port: port.path, slot: port.slot, ms: performance.now() - started, attempts: attempt, reused: result.reused, chip: result.chip, mac: result.mac, serial: result.serial });
      return { port: port.path, slot: port.slot, result, attempts: attempt };
    } catch (error) {
      const failure = BoardFailure.from(error, 'connecting', {});
      const willRetry = failure.retryable && attempt <= context.retries && !signal?.aborted;
      emit({ type: 'board-failed', port: port.path, slot: port.slot, step: failure.step, code: failure.code, message: failure.message, hint: failure.hint, attempt, willRetry, ...failure.facts });
      if (!willRetry) return { port: port.path, slot: port.slot, failure, attempts: attempt };
    }
  }
}

export function endOf(outcome: PortOutcome): BoardEnd {
  return outcome.result ? 'pass' : outcome.failure?.code === 'stopped' ? 'stopped' : 'fail';
}
