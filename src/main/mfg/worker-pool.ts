import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { makeInputReader } from './read-input.js';
import { runBatch, type BatchResult } from './batch.js';
import { packBatch, unpackBatch, type PackedBatch } from './batch-codec.js';
import type { DeviceJob, MfgJob } from './job.js';

const ROLE = 'factory-bench-mfg-worker';

interface BatchMessage {
  id: number;
  batch: PackedBatch;
  write: boolean;
}

type ReplyMessage = { id: number; result: BatchResult } | { id: number; internal: string };

/**
 * The workers are started from this very module (import.meta.url): in the
 * bundled CLI it is the chunk that holds the mfg engine, so no separate entry
 * point is needed. Under a TypeScript loader (the tests) it is a .ts file a
 * worker cannot load, so the engine then builds in its own thread.
 */
export const workersAvailable = (): boolean => !import.meta.url.endsWith('.ts');

/** How many workers to use: one per core, the main thread only reads and dispatches. */
export const defaultWorkerCount = (): number => Math.min(Math.max(availableParallelism(), 1), 8);

if (!isMainThread && (workerData as { role?: string } | undefined)?.role === ROLE) serve((workerData as { job: MfgJob }).job);

function serve(job: MfgJob): void {
  const readFile = makeInputReader(job.cwd);
  const valuesPerDevice = job.config.filter((entry) => entry.type !== 'namespace').length;
  parentPort!.on('message', (message: BatchMessage) => {
    let reply: ReplyMessage;
    try {
      reply = { id: message.id, result: runBatch(job, unpackBatch(message.batch, valuesPerDevice), message.write, readFile) };
    } catch (error) {
      reply = { id: message.id, internal: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    parentPort!.postMessage(reply);
  });
}

/**
 * Worker threads that build and write batches of devices. submit() resolves
 * once the batch is queued, waiting while every worker already has `depth`
 * batches, which keeps memory bounded and the reader in step with the writers.
 */
export class WorkerPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private waiters: (() => void)[] = [];
  private inFlight = 0;
  private nextId = 0;
  private closing = false;
  private failure: Error | undefined;

  private readonly valuesPerDevice: number;

  constructor(
    job: MfgJob,
    count: number,
    private readonly onResult: (result: BatchResult) => void,
    private readonly depth = 2,
  ) {
    this.valuesPerDevice = job.config.filter((entry) => entry.type !== 'namespace').length;
    for (let i = 0; i < count; i++) {
      const worker = new Worker(new URL(import.meta.url), { workerData: { role: ROLE, job } });
      const slot = { worker, busy: 0 };
      worker.on('message', (reply: ReplyMessage) => this.settle(slot, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`an mfg worker stopped unexpectedly (exit code ${code})`));
      });
      this.workers.push(slot);
    }
  }

  private settle(slot: { busy: number }, reply: ReplyMessage): void {
    slot.busy--;
    this.inFlight--;
    if ('internal' in reply) this.fail(new Error(`in an mfg worker: ${reply.internal}`));
    else this.onResult(reply.result);
    this.wake();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async submit(devices: DeviceJob[], write: boolean): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      const slot = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
      if (slot.busy < this.depth) {
        slot.busy++;
        this.inFlight++;
        const batch = packBatch(devices, this.valuesPerDevice);
        slot.worker.postMessage({ id: this.nextId++, batch, write } satisfies BatchMessage, [batch.lengths.buffer, batch.numbers.buffer]);
        return;
      }
      await this.wait();
    }
  }

  /** Waits until every submitted batch is done. */
  async drain(): Promise<void> {
    while (this.inFlight > 0 && !this.failure) await this.wait();
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((slot) => slot.worker.terminate()));
  }
}
