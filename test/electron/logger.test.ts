import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/shell/logger.js';

describe('the app log', () => {
  it('writes one JSON line per entry, creating the folder', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'fb-log-')), 'logs');
    const { log, file } = createLogger(dir, { now: () => new Date('2026-01-02T03:04:05.000Z') });
    log('info', 'started', { version: '0.1.0' });
    log('warn', 'navigation refused', { url: 'https://evil.example/' });
    expect(file).toBe(join(dir, 'main.log'));
    expect(readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line))).toEqual([
      { time: '2026-01-02T03:04:05.000Z', level: 'info', message: 'started', version: '0.1.0' },
      { time: '2026-01-02T03:04:05.000Z', level: 'warn', message: 'navigation refused', url: 'https://evil.example/' },
    ]);
  });

  it('appends to an existing log, writes errors with their stack, and fields cannot replace time, level or message', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fb-log-'));
    writeFileSync(join(dir, 'main.log'), '{"old":true}\n');
    const { log, file } = createLogger(dir);
    log('error', 'ipc call failed', { error: new Error('locked'), level: 'info', count: 2n });
    const [old, entry] = readFileSync(file, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line));
    expect(old).toEqual({ old: true });
    expect(entry.level).toBe('error');
    expect(entry.message).toBe('ipc call failed');
    expect(entry.count).toBe('2');
    expect(entry.error).toMatchObject({ name: 'Error', message: 'locked' });
    expect(entry.error.stack).toContain('logger.test.ts');
  });

  it('never throws when it cannot write', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fb-log-')), 'a-file');
    writeFileSync(file, '');
    const { log } = createLogger(join(file, 'logs'));
    expect(() => log('info', 'x')).not.toThrow();
  });
});
