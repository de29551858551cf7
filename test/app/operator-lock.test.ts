import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OperatorLock, OperatorLockError } from '../../src/main/app/operator-lock.js';
import { scratch } from './fixtures.js';

const PASSPHRASE = 'correct horse battery';

async function refusal(work: Promise<unknown>): Promise<OperatorLockError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof OperatorLockError)) throw new Error(`expected an OperatorLockError, got ${String(error)}`);
  return error;
}

const lockFile = () => join(scratch(), 'operator-lock.json');

describe('OperatorLock', () => {
  it('starts unlocked, with no passphrase, and writes nothing until locked', () => {
    const file = lockFile();
    const lock = new OperatorLock(file);
    expect(lock.state()).toEqual({ locked: false, passphraseSet: false });
    expect(lock.locked).toBe(false);
    expect(readdirSync(join(file, '..'))).toEqual([]);
  });

  it('needs a passphrase of at least 8 characters to lock the first time', async () => {
    const lock = new OperatorLock(lockFile());
    for (const short of [undefined, '', 'seven77']) {
      expect((await refusal(lock.lock(short))).message).toBe("set the engineer's passphrase first: at least 8 characters");
      expect(lock.state()).toEqual({ locked: false, passphraseSet: false });
    }
    expect(await lock.lock('eight888')).toEqual({ locked: true, passphraseSet: true });
  });

  it('refuses a wrong passphrase and stays locked; the right one unlocks', async () => {
    const lock = new OperatorLock(lockFile());
    await lock.lock(PASSPHRASE);
    for (const wrong of ['', 'correct horse battery ', 'Correct horse battery', 'something else entirely']) {
      expect((await refusal(lock.unlock(wrong))).message).toBe("that is not the engineer's passphrase: the bench stays locked");
      expect(lock.state()).toEqual({ locked: true, passphraseSet: true });
    }
    expect(await lock.unlock(PASSPHRASE)).toEqual({ locked: false, passphraseSet: true });
    expect(lock.locked).toBe(false);
    // Unlocking what is not locked changes nothing.
    expect(await lock.unlock('whatever')).toEqual({ locked: false, passphraseSet: true });
  });

  it("keeps the engineer's passphrase: locking again takes none, and a new one given does not replace it", async () => {
    const lock = new OperatorLock(lockFile());
    await lock.lock(PASSPHRASE);
    await lock.unlock(PASSPHRASE);
    expect(await lock.lock()).toEqual({ locked: true, passphraseSet: true });
    await lock.unlock(PASSPHRASE);
    await lock.lock('an operator guess');
    await refusal(lock.unlock('an operator guess'));
    expect(await lock.unlock(PASSPHRASE)).toEqual({ locked: false, passphraseSet: true });
  });

  it('survives a restart: a new OperatorLock on the same file is still locked, and unlocks with the same passphrase', async () => {
    const file = lockFile();
    await new OperatorLock(file).lock(PASSPHRASE);
    const restarted = new OperatorLock(file);
    expect(restarted.state()).toEqual({ locked: true, passphraseSet: true });
    await refusal(restarted.unlock('not it at all'));
    expect(await restarted.unlock(PASSPHRASE)).toEqual({ locked: false, passphraseSet: true });
    expect(new OperatorLock(file).state()).toEqual({ locked: false, passphraseSet: true });
  });

  it('keeps no passphrase in clear, in a file only its owner can read, and leaves no temporary file', async () => {
    const file = lockFile();
    await new OperatorLock(file).lock(PASSPHRASE);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(PASSPHRASE);
    expect(text).not.toContain(Buffer.from(PASSPHRASE).toString('base64'));
    expect(text).not.toContain(Buffer.from(PASSPHRASE).toString('hex'));
    const saved = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(saved).sort()).toEqual(['N', 'hash', 'locked', 'p', 'r', 'salt']);
    expect(Buffer.from(saved.salt as string, 'base64')).toHaveLength(16);
    expect(Buffer.from(saved.hash as string, 'base64')).toHaveLength(32);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(file, '..'))).toEqual(['operator-lock.json']);
    // Two engineers with the same passphrase get different hashes (a salt each).
    const other = lockFile();
    await new OperatorLock(other).lock(PASSPHRASE);
    expect((JSON.parse(readFileSync(other, 'utf8')) as { hash: string }).hash).not.toBe(saved.hash);
  });

  it('keeps the bench locked when the file is damaged: nothing unlocks it, and the file is left for the engineer', async () => {
    const base = lockFile();
    await new OperatorLock(base).lock(PASSPHRASE);
    const good = JSON.parse(readFileSync(base, 'utf8')) as Record<string, unknown>;
    const damaged: [string, string][] = [
      ['not JSON', '{"locked": tr'],
      ['empty', ''],
      ['unlocked, with no hash', '{"locked": false}'],
      ['an array', '[]'],
      ['hash missing', JSON.stringify({ ...good, hash: undefined, locked: false })],
      ['hash not base64', JSON.stringify({ ...good, hash: '!!!', locked: false })],
      ['N of 2', JSON.stringify({ ...good, N: 2, locked: false })],
      ['N too costly', JSON.stringify({ ...good, N: 2 ** 30, locked: false })],
      ['N not a power of two', JSON.stringify({ ...good, N: 50_000, locked: false })],
      ['locked as text', JSON.stringify({ ...good, locked: 'false' })],
    ];
    for (const [what, text] of damaged) {
      const file = lockFile();
      writeFileSync(file, text);
      const lock = new OperatorLock(file);
      expect(lock.state(), what).toEqual({ locked: true, passphraseSet: true });
      expect(lock.locked, what).toBe(true);
      const error = await refusal(lock.unlock(PASSPHRASE));
      expect(error.message, what).toBe(`the operator lock file ${file} is damaged: the bench stays locked until an engineer removes the file and sets a new passphrase`);
      expect(await lock.lock('a brand new passphrase'), what).toEqual({ locked: true, passphraseSet: true });
      expect(readFileSync(file, 'utf8'), what).toBe(text);
    }
  });
});
