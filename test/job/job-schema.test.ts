import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jobSchema } from '../../src/main/job/job-schema.js';
import { repoRoot } from '../helpers/vectors.js';
import { EXAMPLE_DIR } from './fixtures.js';
import { jsonSchemaErrors } from './json-schema-check.js';

const SCHEMA_FILE = join(repoRoot, 'resources/job.schema.json');
const generated = (): Record<string, unknown> => {
  const schema = z.toJSONSchema(jobSchema, { io: 'input', target: 'draft-2020-12' });
  return { $schema: schema.$schema, title: 'Factory Bench job', ...schema };
};
const readSchema = (): Record<string, unknown> => JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const example = JSON.parse(readFileSync(join(EXAMPLE_DIR, 'job.json'), 'utf8')) as Record<string, unknown>;

describe('resources/job.schema.json', () => {
  it('is what zod makes of the job schema (UPDATE_JOB_SCHEMA=1 rewrites it)', () => {
    if (process.env['UPDATE_JOB_SCHEMA'] === '1') writeFileSync(SCHEMA_FILE, `${JSON.stringify(generated(), null, 2)}\n`);
    expect(readSchema()).toEqual(generated());
  });

  const variants: [string, (job: Record<string, unknown>) => void][] = [
    ['the example', () => {}],
    ['the example without its defaults', (j) => ['fctryPartition', 'baud', 'reset', 'check', 'labels', 'constants', '$schema'].forEach((k) => delete j[k])],
    ['a list of images', (j) => void (j['firmware'] = { images: [{ offset: '0x0', file: 'boot.bin' }], flashSize: '8MB' })],
    ['a pool', (j) => void (j['certificates'] = { mode: 'pool', pool: 'line-a' })],
    ['an unknown field', (j) => void (j['colour'] = 'red')],
    ['an unknown chip', (j) => void (j['chip'] = 'esp8266')],
    ['both kinds of firmware', (j) => void (j['firmware'] = { flasherArgs: 'a.json', images: [{ offset: '0x0', file: 'b.bin' }] })],
    ['an offset that is not a number', (j) => void (j['firmware'] = { images: [{ offset: 'zero', file: 'b.bin' }] })],
    ['no images', (j) => void (j['firmware'] = { images: [] })],
    ['NVS version 3', (j) => void (j['nvs'] = { template: 'fctry.csv', version: 3 })],
    ['a bad constant name', (j) => void (j['constants'] = { 'not-a-name': 'x' })],
    ['a serial scheme without its file', (j) => void (j['serial'] = { kind: 'list' })],
    ['an issuing job without a CA key', (j) => void (j['certificates'] = { mode: 'issue', ca: { cert: 'ca.crt' }, subject: 'CN={serial}' })],
    ['validity of 0 days', (j) => void ((j['certificates'] as Record<string, unknown>)['validityDays'] = 0)],
    ['a baud rate of 0', (j) => void (j['baud'] = 0)],
    ['a fractional timeout', (j) => void (j['check'] = { pattern: 'x', timeoutMs: 1.5 })],
    ['an unknown reset', (j) => void (j['reset'] = 'sometimes')],
    ['labels that are not an object', (j) => void (j['labels'] = 'big')],
  ];
  it.each(variants)('zod and the JSON Schema agree on %s', (_, edit) => {
    const job = structuredClone(example);
    edit(job);
    const byZod = jobSchema.safeParse(job).success;
    const bySchema = jsonSchemaErrors(readSchema(), job);
    expect(bySchema.length === 0, bySchema.join('; ')).toBe(byZod);
  });

  it('accepts the example', () => {
    expect(jsonSchemaErrors(readSchema(), example)).toEqual([]);
    expect(jobSchema.safeParse(example).success).toBe(true);
  });
});
