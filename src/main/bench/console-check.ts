import { ReadlineParser } from '@serialport/parser-readline';
import type { SerialStream } from '../esp/index.js';

/**
 * Reads the board's console line by line until one contains `expected`, or the
 * time is up. Resolves with the matching line, or rejects saying what was seen;
 * rejects with the signal's reason when it aborts.
 */
export function waitForConsoleLine(stream: SerialStream, expected: string, timeoutMs: number, signal?: AbortSignal): Promise<string> {
  const parser = new ReadlineParser({ delimiter: '\n', encoding: 'latin1' });
  const seen: string[] = [];
  return new Promise<string>((resolve, reject) => {
    const feed = (chunk: Buffer) => parser.write(chunk);
    const onAbort = () => done(() => reject(signal!.reason));
    const done = (finish: () => void) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      stream.off('data', feed);
      parser.removeAllListeners('data');
      parser.destroy();
      finish();
    };
    const timer = setTimeout(() => {
      const last = seen.slice(-3).map((line) => JSON.stringify(line)).join(', ');
      done(() => reject(new Error(`the console did not print "${expected}" within ${timeoutMs} ms${last ? `; its last lines were ${last}` : '; it printed nothing'}`)));
    }, timeoutMs);
    parser.on('data', (line: string) => {
      const text = line.replace(/\r$/, '');
      seen.push(text);
      if (text.includes(expected)) done(() => resolve(text));
    });
    stream.on('data', feed);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
