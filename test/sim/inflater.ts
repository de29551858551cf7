// One zlib stream fed block by block, as FLASH_DEFL_DATA delivers it (spec §9.5): each push returns
// what the data so far decompresses to.
import { constants, createInflate, type Inflate } from 'node:zlib';

export class Inflater {
  private readonly stream: Inflate;
  private readonly output: Buffer[] = [];
  private failure: Error | null = null;
  private onFailure: ((e: Error) => void) | null = null;

  constructor() {
    this.stream = createInflate();
    this.stream.on('data', (chunk: Buffer) => this.output.push(chunk));
    this.stream.on('error', (e: Error) => {
      this.failure = e;
      this.onFailure?.(e);
    });
  }

  push(chunk: Uint8Array): Promise<Uint8Array> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      // A corrupt stream emits 'error' and never calls the flush callback.
      this.onFailure = reject;
      this.stream.write(chunk);
      this.stream.flush(constants.Z_SYNC_FLUSH, () => {
        this.onFailure = null;
        if (this.failure) reject(this.failure);
        else resolve(Buffer.concat(this.output.splice(0)));
      });
    });
  }

  close(): void {
    this.stream.destroy();
  }
}
