import { fstatSync } from 'node:fs';

/**
 * Resolves with what stopped the process: SIGINT, SIGTERM, or standard input closing when it is a
 * shell pipe (`… | factory-bench sim`). A terminal is not read (a background job reading it would be
 * stopped by SIGTTIN), nor is /dev/null or a file, which would end at once. A socket (what Node's
 * spawn gives a child) is not read either: next to the simulator's pseudo-terminals it was seen to
 * report an end while its writer was still open, stopping the boards under a running test.
 */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    // Signal handlers alone do not keep Node running.
    const keepAlive = setInterval(() => undefined, 1 << 30);
    const stdin = stdinIsPipe() ? process.stdin : undefined;
    const stop = (reason: string): void => {
      clearInterval(keepAlive);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      if (stdin) {
        stdin.off('end', onEnd);
        stdin.off('data', ignore);
        stdin.pause();
        stdin.destroy();
      }
      resolve(reason);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    const onEnd = (): void => stop('standard input closed');
    const ignore = (): void => undefined;
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    if (stdin) {
      stdin.on('end', onEnd);
      stdin.on('data', ignore);
    }
  });
}

function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO();
  } catch {
    return false;
  }
}
