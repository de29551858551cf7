import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { temporaryNameFor } from './atomic-write.js';

export type TextSink = (text: string) => Promise<void> | void;

/** Writes text to a stream, waiting when its buffer is full. */
export const streamSink =
  (stream: Writable): TextSink =>
  (text: string): Promise<void> | void => {
    if (text && !stream.write(text)) {
      return new Promise((done, fail) => {
        const onError = (error: Error) => fail(error);
        stream.once('error', onError);
        stream.once('drain', () => {
          stream.off('error', onError);
          done();
        });
      });
    }
  };

/**
 * Streams a file of any size so that it is either complete or absent, like
 * writeFileAtomic: `work` writes into a temporary file beside `path`, which is
 * renamed into place when it is done and removed when it fails.
 */
export async function writeStreamAtomic<T>(path: string, work: (write: TextSink) => Promise<T>): Promise<T> {
  const temporary = temporaryNameFor(path);
  const stream = createWriteStream(temporary, { flags: 'wx' });
  const closed = once(stream, 'close');
  try {
    await once(stream, 'ready');
    const result = await work(streamSink(stream));
    await new Promise<void>((done, fail) => stream.end((error?: Error | null) => (error ? fail(error) : done())));
    await rename(temporary, path);
    return result;
  } catch (error) {
    // The file must be closed before it is removed, or a late open would leave it behind.
    stream.destroy();
    await closed.catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
}
