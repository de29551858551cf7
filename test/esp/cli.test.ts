import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { startPtyFakeBoard } from './helpers/pty-pair.js';

const boards: { close(): void }[] = [];
afterEach(() => {
  for (const b of boards.splice(0)) b.close();
});

function ptyBoard(...args: Parameters<typeof startPtyFakeBoard>) {
  const b = startPtyFakeBoard(...args);
  boards.push(b);
  return b;
}

describe('factory-bench ESP commands on a real pseudo-terminal (no modem lines)', () => {
  it('chip-id prints chip, chip id and MAC, and exits 0', async () => {
    const { path } = ptyBoard({ chip: 'esp32c6' });
    const result = await runCli(['chip-id', '--port', path], tmpdir());
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Chip: ESP32-C6\nChip ID: 13\nMAC: 40:ca:12:34:56:78\nEUI-64: 40:ca:12:ff:fe:34:56:78\n');
  });

  it('read-mac with --no-stub', async () => {
    const { path, board } = ptyBoard({ chip: 'esp32s3' });
    const result = await runCli(['read-mac', '--port', path, '--no-stub'], tmpdir());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('MAC: f4:12:55:66:77:88\n');
    expect(board.mode).toBe('rom');
  });

  it('flash two images at 921600 baud, then read-flash one back into a file written atomically', async () => {
    const { path, board } = ptyBoard({ chip: 'esp32c3' });
    const dir = mkdtempSync(join(tmpdir(), 'fb-esp-'));
    const app = Buffer.concat([randomBytes(3000), Buffer.alloc(60000, 0x11)]);
    writeFileSync(join(dir, 'app.bin'), app);
    writeFileSync(join(dir, 'pt.bin'), Buffer.alloc(3072, 0xaa));
    const flashed = await runCli(['flash', '--port', path, '--baud', '921600', '--after', 'no-reset', '0x10000', 'app.bin', '0x8000', 'pt.bin'], dir);
    expect(flashed.code, flashed.stderr).toBe(0);
    expect(flashed.stdout).toMatch(/wrote 63000 bytes at 0x00010000, verified/);
    expect(flashed.stderr).toMatch(/write 0x00010000 100%/);
    expect(board.baud).toBe(921600);
    expect(Buffer.from(board.flash.subarray(0x10000, 0x10000 + app.length)).equals(app)).toBe(true);

    const read = await runCli(['read-flash', '--port', path, '0x10000', String(app.length), 'back.bin'], dir);
    expect(read.code, read.stderr).toBe(0);
    expect(readFileSync(join(dir, 'back.bin')).equals(app)).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a wrong chip fails with exit 1, the message and the hint', async () => {
    const { path } = ptyBoard({ chip: 'esp32s3' });
    const result = await runCli(['read-mac', '--port', path, '--chip', 'esp32c3'], tmpdir());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the board is an ESP32-S3, not an ESP32-C3');
    expect(result.stderr).toContain('hint: the job expects esp32c3, the board is esp32s3');
  });

  it('usage errors exit 2 before touching any port; a missing file exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-esp-'));
    expect(await runCli(['read-mac'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('required: --port') });
    expect(await runCli(['flash', '--port', '/dev/nowhere', '0x1000'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining('pairs') });
    expect(await runCli(['flash', '--port', '/dev/nowhere', 'zero', 'a.bin'], dir)).toMatchObject({ code: 2, stderr: expect.stringContaining("offset 'zero' is not a number") });
    expect(await runCli(['flash', '--port', '/dev/nowhere', '0x1000', 'missing.bin'], dir)).toMatchObject({ code: 1, stderr: expect.stringContaining('cannot read missing.bin: no such file') });
    const gone = await runCli(['chip-id', '--port', join(dir, 'no-such-tty')], dir);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/cannot open .*no-such-tty: no such file or directory\nhint: check the port name/);
  });
});
