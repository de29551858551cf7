// A simulated board behind a real pseudo-terminal: any serial client (ours, esptool, a terminal)
// opens `path` like a USB-serial device. A pty has no modem lines, so nothing the client does with
// DTR/RTS reaches the board: reset it out of band (`reset()`), or send SYNC while its app runs.
import { closeSync, lstatSync, symlinkSync, unlinkSync, write } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadStream } from 'node:tty';
import { SimBoard, type SimBoardOptions } from './board.js';

interface NativePty {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
}

interface PtyOptions {
  /** Also make this symlink to the slave device (like socat's `link=`). */
  link?: string;
  /** What the board is doing when the client arrives. Default 'download' (waiting in the ROM loader). */
  startIn?: 'download' | 'app';
}

/** A new board behind a pty. */
export interface PtyBoardOptions extends SimBoardOptions, PtyOptions {
  board?: undefined;
}

/**
 * An existing board behind a (new) pty: re-plugging it after an unplug, keeping its flash, MAC,
 * clock and armed faults with their counters. It must be unplugged (mode 'off'). Its own options
 * stand: for SYNC to reach the ROM from its app it needs `appSyncEntersRom: true`, as the boards
 * `startPtyBoard` creates have.
 */
export interface PtyReplugOptions extends PtyOptions {
  board: SimBoard;
}

export interface PtyBoard {
  /** The slave device to open, e.g. /dev/pts/7. */
  readonly path: string;
  readonly link: string | undefined;
  readonly board: SimBoard;
  /** Out-of-band reset, as a button or fixture relay would do it. */
  reset(into: 'download' | 'app'): void;
  /** Closes the pty (clients see the device go away) and powers the board off. */
  close(): void;
}

/**
 * Opens a pty with a board behind it: a new one (answering SYNC in app mode, as there are no reset
 * lines here), or `board`, an existing one, re-plugged.
 */
export function startPtyBoard(options: PtyBoardOptions | PtyReplugOptions): PtyBoard {
  if (options.board && options.board.mode !== 'off') throw new Error(`${options.board.chip.name} board is still plugged in (${options.board.mode})`);
  const native = createRequire(import.meta.url)('node-pty/build/Release/pty.node') as NativePty;
  const { master, slave, pty } = native.open(80, 24);
  const board = options.board ?? new SimBoard({ appSyncEntersRom: true, ...options });
  const link = options.link;
  if (link) {
    if (isSymlink(link)) unlinkSync(link);
    symlinkSync(pty, link);
  }

  let closed = false;
  const reader = new ReadStream(master);
  reader.on('data', (chunk: Buffer) => board.input(chunk));
  // EIO while no client has the slave open, or after close: nothing to report.
  reader.on('error', () => {});

  const queue: Buffer[] = [];
  let writing = false;
  const pump = (): void => {
    if (writing || closed || queue.length === 0) return;
    writing = true;
    const head = queue[0]!;
    write(master, head, 0, head.length, null, (error, written) => {
      writing = false;
      if (closed) return;
      if (error) {
        // A full pty buffer (no client reading) drains later; anything else loses the bytes, as a line would.
        if ((error as NodeJS.ErrnoException).code === 'EAGAIN') setTimeout(pump, 5).unref();
        else queue.length = 0;
        return;
      }
      if (written < head.length) queue[0] = head.subarray(written);
      else queue.shift();
      pump();
    });
  };
  const stopData = board.onData((bytes) => {
    queue.push(Buffer.from(bytes));
    pump();
  });

  // The slave stays open on our side for the board's life: the master then never reads EIO, and
  // clients can close and reopen the device as they would a USB port.
  const close = (): void => {
    if (closed) return;
    closed = true;
    stopData();
    stopUnplug();
    reader.destroy();
    closeSync(slave);
    if (link && isSymlink(link)) unlinkSync(link);
    board.unplug();
  };
  const stopUnplug = board.onUnplug(close);

  board.setPins({ en: true, io0: options.startIn === 'app' });
  // The board was powered long before a client opens the device: booted, and what it printed is lost.
  board.powerOn({ quiet: true, settled: true });

  return { path: pty, link, board, reset: (into) => board.reset(into), close };
}

function isSymlink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
