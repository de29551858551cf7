import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { benchStartSchema } from '../../shared/api.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';

const setupSchema = z.object({
  jobFolder: z.string().optional(),
  /** What an operator may start while the bench is locked: the engineer's last start, without the passphrase. */
  settings: benchStartSchema.omit({ passphrase: true }).optional(),
});
export type BenchSetup = z.infer<typeof setupSchema>;

/**
 * The bench as the engineer set it up: the job folder and the settings of the
 * last start. Kept beside the operator lock, so that a locked bench comes
 * back after a restart with its job, ready for operators.
 */
export class BenchSetupFile {
  private current: BenchSetup;

  constructor(private readonly file: string) {
    this.current = read(file);
  }

  get(): BenchSetup {
    return this.current;
  }

  update(change: BenchSetup): void {
    this.current = { ...this.current, ...change };
    writeFileAtomicSync(this.file, `${JSON.stringify(this.current, null, 2)}\n`);
  }
}

function read(file: string): BenchSetup {
  if (!existsSync(file)) return {};
  try {
    const parsed = setupSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A damaged file only costs the engineer's setup, which they set again.
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
