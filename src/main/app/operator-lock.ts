import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { z } from 'zod';
import type { OperatorState } from '../../shared/api.js';
import { writeFileAtomicSync } from '../files/atomic-write.js';

const derive = promisify(scrypt) as (password: string, salt: Buffer, length: number, options: { N: number; r: number; p: number }) => Promise<Buffer>;
const SCRYPT = { N: 1 << 15, r: 8, p: 1 };
const MIN_LENGTH = 8;

const stateFileSchema = z.object({ locked: z.boolean(), salt: z.string(), hash: z.string(), N: z.number().int(), r: z.number().int(), p: z.number().int() });
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

  constructor(private readonly file: string) {
    this.saved = readState(file);
  }

  state(): OperatorState {
    return { locked: this.saved?.locked ?? false, passphraseSet: this.saved !== undefined };
  }

  get locked(): boolean {
    return this.saved?.locked ?? false;
  }

  /** Locks; the first time, `passphrase` becomes the engineer's passphrase. */
  async lock(passphrase?: string): Promise<OperatorState> {
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
  // A damaged lock file refuses to start: an operator must not be able to unlock by spoiling it.
  if (!parsed.success) throw new OperatorLockError(`the operator lock file ${file} is damaged: an engineer must remove it to set a new passphrase`);
  return parsed.data;
}
