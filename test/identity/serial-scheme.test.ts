import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSerialScheme, SerialSchemeProblemsError, serialSchemeSchema, type LoadedSerialScheme } from '../../src/main/identity/serial-scheme.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function jobDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'fb-scheme-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function failure(json: unknown, options: Parameters<typeof loadSerialScheme>[1] = { baseDir: jobDir() }): Promise<SerialSchemeProblemsError> {
  const outcome = await loadSerialScheme(json, options).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(SerialSchemeProblemsError);
  return outcome as SerialSchemeProblemsError;
}

const counterOf = (scheme: LoadedSerialScheme): Extract<LoadedSerialScheme, { kind: 'counter' }> => {
  if (scheme.kind !== 'counter') throw new Error('not a counter scheme');
  return scheme;
};

describe('loading a serial scheme', () => {
  it('a counter scheme: compiled template and start', async () => {
    const scheme = counterOf(await loadSerialScheme({ kind: 'counter', template: 'ACME-{const:LINE}{gg}{ww}-{counter:06}', start: 100 }, { baseDir: '/nowhere', constants: { LINE: 'B' } }));
    expect(scheme.start).toBe(100);
    expect(scheme.template.render(new Date(2026, 10, 24), 100)).toBe('ACME-B2648-000100');
  });

  it('start is 1 when left out, and may be 0', async () => {
    expect(counterOf(await loadSerialScheme({ kind: 'counter', template: 'N{counter}' }, { baseDir: '/' })).start).toBe(1);
    expect(counterOf(await loadSerialScheme({ kind: 'counter', template: 'N{counter}', start: 0 }, { baseDir: '/' })).start).toBe(0);
  });

  it('a list scheme: the file relative to the job folder, read and checked', async () => {
    const dir = jobDir({ 'serials.csv': 'serial\nA1\nA2\n' });
    const scheme = await loadSerialScheme({ kind: 'list', file: 'serials.csv' }, { baseDir: dir });
    expect(scheme).toEqual({ kind: 'list', file: join(dir, 'serials.csv'), serials: [{ serial: 'A1', line: 2 }, { serial: 'A2', line: 3 }] });
  });

  it('the schema describes the JSON a job file holds', () => {
    expect(serialSchemeSchema.safeParse({ kind: 'counter', template: 'X{counter}', start: 1 }).success).toBe(true);
    expect(serialSchemeSchema.safeParse({ kind: 'list', file: 'serials.csv' }).success).toBe(true);
    expect(serialSchemeSchema.safeParse({ kind: 'list', file: '' }).success).toBe(false);
  });
});

describe('a bad scheme: every problem in one error', () => {
  it('lists each shape problem with its field', async () => {
    const error = await failure({ kind: 'counter', template: 42, start: -1.5, colour: 'red' });
    expect(error.problems.map((p) => p.field)).toEqual(['template', 'start', '(the scheme)']);
    expect(error.message).toMatch(/^the serial scheme has 3 problems:/);
    expect(error.message).toMatch(/template: /);
    expect(error.message).toMatch(/start: /);
    expect(error.message).toMatch(/"colour"/);
    expect(error.message).toMatch(/hint: a serial scheme is \{"kind": "counter"/);
  });

  it.each([
    [{ kind: 'sequence', template: 'X{counter}' }, 'kind'],
    [{ template: 'X{counter}' }, 'kind'],
    [null, '(the scheme)'],
    ['ACME-{counter}', '(the scheme)'],
    [{ kind: 'counter' }, 'template'],
    [{ kind: 'list' }, 'file'],
    [{ kind: 'counter', template: 'X{counter}', start: 2 ** 60 }, 'start'],
  ])('%j: %s', async (json, field) => {
    expect((await failure(json)).problems.map((p) => p.field)).toEqual([field]);
  });

  it('lists every template problem with its column', async () => {
    const error = await failure({ kind: 'counter', template: 'AC ME-{x}-{const:LINE}-{counter:6}' }, { baseDir: '/', source: 'job.json: serial' });
    expect(error.problems.map((p) => [p.field, p.column])).toEqual([
      ['template', 3],
      ['template', 7],
      ['template', 11],
      ['template', 24],
    ]);
    expect(error.message.split('\n')[0]).toBe('job.json: serial has 4 problems:');
    expect(error.message).toContain('  template: unknown constant \'LINE\' at column 11\n    hint: the job defines no constants');
  });

  it('start beyond the counter', async () => {
    const error = await failure({ kind: 'counter', template: 'X{counter:02}', start: 100 });
    expect(error.problems).toEqual([{ field: 'start', message: "start is 100, but the counter's largest value is 99", hint: 'lower start, or widen the counter' }]);
  });

  it("lists every problem of the list file with the file's line and column", async () => {
    const dir = jobDir({ 'serials.csv': 'serial\nA 1\nA2\nA2\n\nA4\n' });
    const error = await failure({ kind: 'list', file: 'serials.csv' }, { baseDir: dir });
    const path = join(dir, 'serials.csv');
    expect(error.problems.map((p) => [p.file, p.line, p.column])).toEqual([
      [path, 2, 2],
      [path, 4, 1],
      [path, 5, undefined],
    ]);
    expect(error.message).toContain(`${path}:2:2: a space cannot be part of a serial`);
    expect(error.message).toContain(`${path}:4:1: the serial 'A2' is also on line 3`);
  });

  it('a missing list names the file', async () => {
    const dir = jobDir();
    const error = await failure({ kind: 'list', file: 'nope.csv' }, { baseDir: dir });
    expect(error.message).toContain(`${join(dir, 'nope.csv')}: the serial list does not exist`);
  });

  it('shows the first 20 problems and counts the rest', async () => {
    const dir = jobDir({ 'serials.txt': Array.from({ length: 30 }, (_, i) => `bad ${i}`).join('\n') });
    const error = await failure({ kind: 'list', file: 'serials.txt' }, { baseDir: dir });
    expect(error.problems).toHaveLength(30);
    expect(error.message).toMatch(/has 30 problems:/);
    expect(error.message).toMatch(/… and 10 more$/);
  });
});
