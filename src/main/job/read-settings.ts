import type { z } from 'zod';
import type { JsonDocument, JsonPath } from './json-text.js';
import { flasherArgsFirmwareSchema, imagesFirmwareSchema, jobSchema, type JobSettings } from './job-schema.js';
import type { JobProblem } from './problems.js';

export const JOB_FILE = 'job.json';

const HINTS: Partial<Record<keyof JobSettings, string>> = {
  firmware: 'firmware is {"flasherArgs": "build/flasher_args.json"} or {"images": [{"offset": "0x0", "file": "bootloader.bin"}, …]}',
  nvs: 'nvs is {"template": "fctry.csv", "version": 2} with an optional "encryption": {"keyFile": "keys.bin"}',
  serial: 'serial is {"kind": "counter", "template": "ACME-{yy}{ww}-{counter:06}", "start": 1} or {"kind": "list", "file": "serials.csv"}',
  certificates: 'certificates is {"mode": "none"}, {"mode": "issue", "ca": {"cert": "ca/ca.crt", "key": "ca/ca.key"}, "subject": "CN={serial}"} or {"mode": "pool", "pool": "line-a"}',
  chip: 'the chip names are those of esptool: esp32, esp32s3, esp32c3, …',
  check: 'check is {"pattern": "fctry ok serial={{serial}}", "timeoutMs": 8000, "baud": 115200}',
};
const DEFAULT_HINT = 'resources/job.schema.json and the README section "A job folder" describe every field';

/** Where a value of job.json is, as a problem's position. */
export const jobFileAt = (doc: JsonDocument, path: JsonPath, message: string, hint: string, charIndex?: number): JobProblem => ({
  file: JOB_FILE,
  ...doc.at(path, charIndex),
  message,
  hint,
});

/** The firmware branch is chosen by its key, so that its messages are about that branch rather than "matches neither". */
const firmwareSchemaFor = (raw: unknown): z.ZodType =>
  raw !== null && typeof raw === 'object' && 'images' in raw && !('flasherArgs' in raw) ? imagesFirmwareSchema : flasherArgsFirmwareSchema;

function issueMessage(issue: z.core.$ZodIssue, section: string, value: unknown): string {
  if (issue.path.length === 0 && value === undefined) return `"${section}" is missing`;
  return `${[section, ...issue.path.map(String)].join('.')}: ${issue.message}`;
}

/**
 * Checks job.json against the schema one top-level field at a time, so that
 * a mistake in one part does not hide the problems of the others: the fields
 * that are right are returned for the rest of the checks.
 */
export function readSettings(doc: JsonDocument): { settings: Partial<JobSettings>; problems: JobProblem[] } {
  const problems: JobProblem[] = doc.duplicates.map((d) => ({
    file: JOB_FILE,
    ...d.position,
    message: `"${d.path.map(String).join('.')}" is written twice; only the last one counts`,
    hint: 'remove one of them',
  }));
  const raw = doc.value;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(jobFileAt(doc, [], `${JOB_FILE} must hold a JSON object`, DEFAULT_HINT));
    return { settings: {}, problems };
  }
  const record = raw as Record<string, unknown>;
  const shape = jobSchema.shape;
  for (const name of Object.keys(record)) {
    if (!Object.hasOwn(shape, name)) problems.push(jobFileAt(doc, [name], `unknown field "${name}"`, `the fields are ${Object.keys(shape).filter((k) => k !== '$schema').join(', ')}`));
  }
  const settings: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape) as [keyof JobSettings, z.ZodType][]) {
    const value = record[name];
    const parsed = (name === 'firmware' ? firmwareSchemaFor(value) : schema).safeParse(value);
    if (parsed.success) {
      settings[name] = parsed.data;
      continue;
    }
    const hint = HINTS[name] ?? DEFAULT_HINT;
    for (const issue of parsed.error.issues) {
      const path = [name, ...issue.path];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) problems.push(jobFileAt(doc, [...path, key], `${path.map(String).join('.')}: unknown field "${key}"`, hint));
      } else problems.push(jobFileAt(doc, path, issueMessage(issue, name, value), hint));
    }
  }
  return { settings: settings as Partial<JobSettings>, problems };
}
