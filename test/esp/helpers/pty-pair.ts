import { closeSync, write } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ReadStream } from 'node:tty';
import { FakeBoard, type BoardOptions } from './fake-board.js';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

/** node-pty's native openpty(), without spawning a process. */
function nativePty(): NativePty {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('node-pty/package.json'));
  for (const dir of ['build/Release', 'build/Debug', `prebuilds/${process.platform}-${process.arch}`]) {
    try {
      return require(join(root, dir, 'pty.node')) as NativePty;
    } catch {
      // try the next place
    }
  }
  throw new Error('node-pty native module not found');
}

/**
 * A FakeBoard behind a real pseudo-terminal: the client opens `path` with serialport's OS
 * binding, exactly as a USB serial adapter. DTR/RTS do not exist there.
 */
export function startPtyFakeBoard(options: BoardOptions): { path: string; board: FakeBoard; close(): void } {
  const { master, slave, pty } = nativePty().open(80, 24);
  const reader = new ReadStream(master);
  const pending: Buffer[] = [];
  let writing = false;
  const pump = (): void => {
    const next = pending.shift();
    if (!next) {
      writing = false;
      return;
    }
    writing = true;
    write(master, next, (error, written) => {
      if (error && (error as NodeJS.ErrnoException).code === 'EAGAIN') pending.unshift(next);
      else if (!error && written < next.length) pending.unshift(next.subarray(written));
      if (error && (error as NodeJS.ErrnoException).code !== 'EAGAIN') {
        writing = false;
        return;
      }
      setImmediate(pump);
    });
  };
  const board = new FakeBoard(options, (bytes) => {
    pending.push(Buffer.from(bytes));
    if (!writing) pump();
  });
  board.hostBaud = 'any';
  reader.on('data', (chunk: Buffer) => board.receive(chunk));
  reader.on('error', () => undefined);
  return {
    path: pty,
    board,
    close: () => {
      reader.destroy();
      closeSync(slave);
    },
  };
}
