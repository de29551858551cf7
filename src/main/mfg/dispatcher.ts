import { runBatch, type BatchResult } from './batch.js';
import type { DeviceJob, MfgJob } from './job.js';
import { makeInputReader } from './read-input.js';
import { WorkerPool, workersAvailable } from './worker-pool.js';

/**
 * Hands batches of devices to worker threads, or builds them in this thread
 * when there are no workers (0 asked for, or running from the TypeScript
 * sources) or when the whole run fits in one batch, where starting workers
 * would cost more than it saves.
 */
export class Dispatcher {
  private pool: WorkerPool | undefined;
  private readonly readFile;

  constructor(
    private readonly job: MfgJob,
    private readonly workers: number,
    private readonly onResult: (result: BatchResult) => void,
  ) {
    this.readFile = makeInputReader(job.cwd);
  }

  /** Resolves when the batch is queued; `last` says no batch follows. */
  async submit(devices: DeviceJob[], write: boolean, last: boolean): Promise<void> {
    if (!this.pool && !last && this.workers > 0 && workersAvailable()) this.pool = new WorkerPool(this.job, this.workers, this.onResult);
    if (this.pool) await this.pool.submit(devices, write);
    else this.onResult(runBatch(this.job, devices, write, this.readFile));
  }

  /** Waits for every batch. */
  async drain(): Promise<void> {
    await this.pool?.drain();
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
