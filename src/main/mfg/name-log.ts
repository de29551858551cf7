import { closeSync, openSync, readSync, writeSync } from 'node:fs';

/**
 * The names of the devices of a run, in order, kept in a file (one per line)
 * rather than in memory, so that what the reference prints for each device
 * can be printed once all are written, however many there are.
 */
export class NameLog {
  private readonly fd: number;
  private pending = '';

  constructor(path: string) {
    this.fd = openSync(path, 'w+');
  }

  add(name: string): void {
    this.pending += `${name}\n`;
  }

  flush(): void {
    if (this.pending === '') return;
    writeSync(this.fd, this.pending);
    this.pending = '';
  }

  /** Calls `each` with the text for a chunk of names at a time. */
  replay(format: (name: string) => string, each: (text: string) => void): void {
    this.flush();
    const buffer = Buffer.alloc(1 << 16);
    let position = 0;
    let rest = Buffer.alloc(0);
    for (let n = readSync(this.fd, buffer, 0, buffer.length, position); n > 0; n = readSync(this.fd, buffer, 0, buffer.length, position)) {
      position += n;
      const data = Buffer.concat([rest, buffer.subarray(0, n)]);
      const end = data.lastIndexOf(0x0a) + 1;
      each(data.toString('utf8', 0, end).split('\n').slice(0, -1).map(format).join(''));
      rest = Buffer.from(data.subarray(end));
    }
  }

  close(): void {
    closeSync(this.fd);
  }
}
