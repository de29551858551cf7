import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type LogLevel = 'info' | 'warn' | 'error';
export type Log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

/**
 * A log of JSON lines in dir (the app's logs folder): time, level, message
 * and fields. Errors are written with their stack: the log stays on the
 * machine, unlike what the renderer is told. Writing never throws: a full
 * disk must not stop the line.
 */
export function createLogger(dir: string, options: { file?: string; now?: () => Date } = {}): { log: Log; file: string } {
  const file = join(dir, options.file ?? 'main.log');
  const now = options.now ?? (() => new Date());
  const log: Log = (level, message, fields = {}) => {
    try {
      mkdirSync(dir, { recursive: true });
      // line twice: its keys come first and no field can replace them.
      const line = { time: now().toISOString(), level, message };
      appendFileSync(file, `${JSON.stringify({ ...line, ...fields, ...line }, replacer)}\n`);
    } catch {
      // Nowhere better to report a failing log.
    }
  };
  return { log, file };
}

function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (typeof value === 'bigint') return value.toString();
  return value;
}
