import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { OperatorState } from '../../shared/api.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';

type ScryptParams = { N: number; r: number; p: number };
const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: ScryptParams & { maxmem: number }) => Promise<Buffer>;
/**
 * scrypt needs 128·N·r bytes, which for these parameters is exactly Node's
 * default limit (32 MiB), and OpenSSL refuses that: the limit is given with room.
 */
const derive = (passphrase: string, salt: Buffer, length: number, params: ScryptParams): Promise<Buffer> =>
  scryptAsync(passphrase, salt, length, { ...params, maxmem: 2 * 128 * params.N * params.r + (1 << 20) });
const SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };
const MIN_LENGTH = 8;

// Bounded, so that an edited file cannot make unlocking take minutes or gigabytes.
const stateFileSchema = z.object({
  locked: z.boolean(),
  salt: z.base64().min(16),
  hash: z.base64().min(32),
  N: z
    .number()
    .int()
    .min(1 << 14)
    .max(1 << 17)
    .refine((n) => (n & (n - 1)) === 0),
  r: z.number().int().min(8).max(16),
  p: z.number().int().min(1).max(4),
});
type StateFile = z.infer<typeof stateFileSchema>;

/** A refusal of the lock, said to the operator as it is. */
export class OperatorLockError extends Error {
  override readonly name = 'OperatorLockError';
}

/**
 * Operator mode: while locked, the job and the settings cannot be changed.
 * The engineer's passphrase is kept as a scrypt hash in `file`, with the lock
 * itself, so that restarting the app does not unlock it.
 */
export class OperatorLock {
  private saved: StateFile | undefined;
  /** Why the lock file cannot be read: the bench then stays locked, and nothing unlocks it. */
  private readonly damaged: string | undefined;

  constructor(private readonly file: string) {
    try {
      this.saved = readState(file);
    } catch (error) {
      // Not thrown: the app must still start (and show its ledger) with the bench locked.
      if (!(error instanceof OperatorLockError)) throw error;
      this.damaged = error.message;
    }
  }

  state(): OperatorState {
    return { locked: this.locked, passphraseSet: this.damaged !== undefined || this.saved !== undefined };
  }

  get locked(): boolean {
    return this.damaged !== undefined || (this.saved?.locked ?? false);
  }

  /** Locks; the first time, `passphrase` becomes the engineer's passphrase. */
  async lock(passphrase?: string): Promise<OperatorState> {
    if (this.damaged !== undefined) return this.state();
    if (!this.saved) {
      if (passphrase === undefined || passphrase.length < MIN_LENGTH) throw new OperatorLockError(`set the engineer's passphrase first: at least ${MIN_LENGTH} characters`);
      const salt = randomBytes(16);
      const hash = await derive(passphrase, salt, 32, SCRYPT);
      this.save({ locked: true, salt: salt.toString('base64'), hash: hash.toString('base64'), ...SCRYPT });
    } else {
      this.save({ ...this.saved, locked: true });
    }
    return this.state();
  }

  async unlock(passphrase: string): Promise<OperatorState> {
    if (this.damaged !== undefined) throw new OperatorLockError(this.damaged);
    const saved = this.saved;
    if (!saved?.locked) return this.state();
    const expected = Buffer.from(saved.hash, 'base64');
    const given = await derive(passphrase, Buffer.from(saved.salt, 'base64'), expected.length, { N: saved.N, r: saved.r, p: saved.p });
    if (!timingSafeEqual(given, expected)) throw new OperatorLockError("that is not the engineer's passphrase: the bench stays locked");
    this.save({ ...saved, locked: false });
    return this.state();
  }

  private save(state: StateFile): void {
    writeFileAtomicSync(this.file, `${JSON.stringify(state, null, 2)}\n`, 0o600);
    this.saved = state;
  }
}

function readState(file: string): StateFile | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = undefined;
  }
  const parsed = stateFileSchema.safeParse(json);
  // A damaged lock file keeps the bench locked: an operator must not be able to unlock it by spoiling the file.
  if (!parsed.success) throw new OperatorLockError(`the operator lock file ${file} is damaged: the bench stays locked until an engineer removes the file and sets a new passphrase`);
  return parsed.data;
}
