import { fstatSync } from 'node:fs';

/**
 * Resolves with what stopped the process: SIGINT, SIGTERM, or standard input closing when it is a
 * pipe. A terminal is not read (a background job reading it would be stopped by SIGTTIN), nor is
 * /dev/null or a file, which would end at once.
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
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}
