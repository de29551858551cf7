import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobProblemsError, loadJob, type JobProblem } from '../../src/main/job/load-job.js';
import { editFile, editJob, lineOf, problemsOf, useExampleCopies } from './fixtures.js';

const copyExample = useExampleCopies();

/** Problems as [file, line, column, message] for comparing. */
const where = (problems: JobProblem[]): [string, number | undefined, number | undefined, string][] => problems.map((p) => [p.file, p.line, p.column, p.message]);

describe('a job with many mistakes: every problem at once, each with its file and line', () => {
  it('job.json, firmware, partitions, template, serials and certificates', async () => {
    const dir = copyExample();
    editJob(dir, (j) => {
      j['chip'] = 'esp32s3';
      j['baud'] = 'fast';
      j['colour'] = 'red';
      j['constants'] = { MODEL: 'WDG-C', HW_REV: '3', serial: 'x' };
      j['serial'] = { kind: 'counter', template: 'WDG-{counter:05}-{counter}' };
      const certificates = j['certificates'] as Record<string, unknown>;
      certificates['subject'] = 'CN={serail}, O=ACME';
      certificates['ca'] = { cert: 'ca/ca.crt', key: 'ca/missing.key' };
      j['nvs'] = { template: 'fctry.csv', version: 2, encryption: { keyFile: 'keys/nvs-keys.bin' } };
      j['check'] = { pattern: 'fctry ok {{serial}} {{nope}}' };
    });
    rmSync(join(dir, 'build/widget.bin'));
    editFile(dir, 'partitions.csv', (t) => t.replace('phy_init, data, phy,     ,', 'phy_init, data, phy,     0xe000,'));
    editFile(dir, 'fctry.csv', (t) => `${t}batch,data,string,{{serail}}\nextra,file,binary,missing.bin\n`);

    const problems = await problemsOf(dir);
    const job = (text: string): number => lineOf(dir, 'job.json', text);
    expect(where(problems)).toEqual([
      ['job.json', job('"colour"'), 13, 'unknown field "colour"'],
      ['job.json', job('"baud"'), 11, 'baud: Invalid input: expected number, received string'],
      ['job.json', job('"serial": "x"'), 15, 'constant "serial" has the name of a built-in placeholder'],
      ['job.json', job('"chip"'), 11, 'the job is for esp32s3, but the firmware was built for esp32c3 (build/flasher_args.json:22)'],
      ['build/flasher_args.json', 12, 21, `firmware image build/widget.bin does not exist (looked for ${join(dir, 'build/widget.bin')})`],
      ['partitions.csv', 4, 26, "partition 'phy_init' at 0xe000 overlaps 'nvs' (0x9000-0xefff)"],
      ['job.json', job('"template": "WDG'), 35, 'serial.template: a second {counter} at column 18 (the first is at column 5)'],
      ['job.json', job('"key": "ca/missing.key"'), 14, `CA key ca/missing.key does not exist (looked for ${join(dir, 'ca/missing.key')})`],
      ['job.json', job('"subject"'), 20, 'subject "CN={serail}, O=ACME": unknown placeholder {serail} at column 4'],
      ['job.json', job('"keyFile"'), 18, `NVS key file keys/nvs-keys.bin does not exist (looked for ${join(dir, 'keys/nvs-keys.bin')})`],
      ['fctry.csv', 11, 19, 'unknown placeholder {{serail}}'],
      ['fctry.csv', 12, 19, `file missing.bin does not exist (looked for ${join(dir, 'missing.bin')})`],
      ['job.json', job('"pattern"'), 37, 'unknown placeholder {{nope}} in the console check'],
    ]);
    expect(problems.every((p) => p.hint.length > 0)).toBe(true);
  });

  it('the error lists them all, with their hints', async () => {
    const dir = copyExample();
    editJob(dir, (j) => {
      j['chip'] = 'esp32';
      j['reset'] = 'sometimes';
    });
    const error = await loadJob(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobProblemsError);
    const message = (error as JobProblemsError).message;
    expect(message).toContain(`the job in ${dir} has 2 problems:\n`);
    expect(message).toMatch(/\n {2}job\.json:\d+:\d+: reset: Invalid option: expected one of "default"\|"usb-reset"\|"no-reset"\n {4}hint: /);
    expect(message).toMatch(/\n {2}job\.json:\d+:\d+: the job is for esp32, but the firmware was built for esp32c3/);
  });
});

describe('flash layout and the fctry partition', () => {
  it('a template too large for its partition, images over each other, over fctry and past the flash', async () => {
    const dir = copyExample();
    editFile(dir, 'partitions.csv', (t) => t.replace('fctry,    data, nvs,     ,        0x6000,', 'fctry,    data, nvs,     ,        0x3000,'));
    editFile(dir, 'fctry.csv', (t) => `${t}k2,data,string,{{key_pem}}\nk3,data,string,{{key_pem}}\nk4,data,string,{{key_pem}}\n`);
    editFile(dir, 'build/flasher_args.json', (t) =>
      t.replace('"flash_size": "4MB"', '"flash_size": "1MB"').replace('"0x10000" : "widget.bin",', '"0x10000" : "widget.bin",\n        "0x1000" : "bootloader/bootloader.bin",\n        "0x111000" : "widget.bin",'),
    );
    const problems = await problemsOf(dir);
    expect(where(problems)).toEqual([
      ['build/flasher_args.json', 15, 20, "the firmware's partition table differs from partitions.csv: entry 4 is 'fctry' data/nvs at 0x110000, 0x6000 bytes in build/partition_table/partition-table.bin, but 'fctry' data/nvs at 0x110000, 0x3000 bytes in partitions.csv"],
      ['build/flasher_args.json', 13, 20, 'firmware images build/bootloader/bootloader.bin (0x0-0x144f) and build/bootloader/bootloader.bin (0x1000-0x244f) overlap'],
      ['build/flasher_args.json', 14, 22, "firmware image build/widget.bin (0x111000-0x11444f) overlaps the fctry partition 'fctry' (0x110000-0x112fff)"],
      ['build/flasher_args.json', 14, 22, 'firmware image build/widget.bin (0x111000-0x11444f) runs past the end of the 1 MiB flash'],
      ['partitions.csv', 5, 35, "partition 'factory' (0x10000-0x10ffff) runs past the end of the 1 MiB flash"],
      ['partitions.csv', 7, 35, "partition 'fctry' (0x110000-0x112fff) runs past the end of the 1 MiB flash"],
      [
        'fctry.csv',
        undefined,
        undefined,
        "the template does not fit the 0x3000-byte partition 'fctry' when a board brings the largest values (64-character serial, 1.5 KiB certificate and key): it needs 0x4000 bytes",
      ],
    ]);
  });

  it('no fctry partition, or one that is not data/nvs', async () => {
    const dir = copyExample();
    editJob(dir, (j) => void (j['fctryPartition'] = 'factory_nvs'));
    expect(where(await problemsOf(dir))).toEqual([
      ['partitions.csv', undefined, undefined, "there is no partition named 'factory_nvs' (the table has 'nvs', 'phy_init', 'factory', 'fctry')"],
    ]);
    editJob(dir, (j) => void (j['fctryPartition'] = 'phy_init'));
    expect(where(await problemsOf(dir))).toEqual([['partitions.csv', 4, 17, "partition 'phy_init' is data/phy, not data/nvs"]]);
  });

  it('a fctry partition under 0x3000 must be readonly', async () => {
    const dir = copyExample();
    editFile(dir, 'partitions.csv', (t) => t.replace('fctry,    data, nvs,     ,        0x6000,', 'fctry,    data, nvs,     ,        0x2000,'));
    editFile(dir, 'build/flasher_args.json', (t) => t.replace(/\s*"0x8000" : "partition_table\/partition-table.bin",?/, '').replace('"widget.bin",', '"widget.bin"'));
    const problems = await problemsOf(dir);
    expect(where(problems)[0]).toEqual(['partitions.csv', 7, 42, "NVS partition 'fctry' is 0x2000 bytes: below 0x3000 it must be flagged readonly"]);
  });
});

describe('firmware', () => {
  it('images built for another chip, by their headers', async () => {
    const dir = copyExample();
    editJob(dir, (j) => {
      j['chip'] = 'esp32s3';
      j['firmware'] = { images: [{ offset: '0x0', file: 'build/bootloader/bootloader.bin' }, { offset: '0x10000', file: 'build/widget.bin' }] };
    });
    expect(where(await problemsOf(dir)).map((p) => [p[1], p[3]])).toEqual([
      [lineOf(dir, 'job.json', '"file": "build/bootloader'), 'firmware image build/bootloader/bootloader.bin is built for esp32c3, but the job is for esp32s3'],
      [lineOf(dir, 'job.json', '"file": "build/widget'), 'firmware image build/widget.bin is built for esp32c3, but the job is for esp32s3'],
    ]);
  });

  it('a table offset that is not the build\'s', async () => {
    const dir = copyExample();
    editJob(dir, (j) => void (j['partitionTableOffset'] = '0x9000'));
    expect(where(await problemsOf(dir))[0]).toEqual(['job.json', lineOf(dir, 'job.json', '"partitionTableOffset"'), 27, 'partitionTableOffset is 0x9000, but the build puts the table at 0x8000']);
  });
});

describe('job.json itself', () => {
  it('a syntax error, at its line and column', async () => {
    const dir = copyExample();
    editFile(dir, 'job.json', (t) => t.replace('"product": "ACME Widget rev C",', '"product": "ACME Widget rev C",,'));
    expect(where(await problemsOf(dir))).toEqual([['job.json', 4, 34, 'not valid JSON: expected a property name in double quotes, found \',\'']]);
  });

  it('missing, not an object, keys written twice, fields missing', async () => {
    const dir = copyExample();
    rmSync(join(dir, 'job.json'));
    expect(where(await problemsOf(dir))).toEqual([['job.json', undefined, undefined, `job file job.json does not exist (looked for ${join(dir, 'job.json')})`]]);
    writeFileSync(join(dir, 'job.json'), '[]');
    expect(where(await problemsOf(dir))).toEqual([['job.json', 1, 1, 'job.json must hold a JSON object']]);
    writeFileSync(join(dir, 'job.json'), '{\n  "name": "a",\n  "name": "b"\n}\n');
    const problems = where(await problemsOf(dir));
    expect(problems[0]).toEqual(['job.json', 3, 3, '"name" is written twice; only the last one counts']);
    expect(problems.slice(1).map((p) => p[3])).toEqual([
      '"product" is missing',
      '"chip" is missing',
      '"firmware" is missing',
      '"partitionTable" is missing',
      '"nvs" is missing',
      '"serial" is missing',
      '"certificates" is missing',
    ]);
  });

  it('schema errors inside a field name the path', async () => {
    const dir = copyExample();
    editJob(dir, (j) => {
      j['firmware'] = { images: [{ offset: 'zero', file: 'build/widget.bin' }] };
      j['certificates'] = { mode: 'issue', ca: { cert: 'ca/ca.crt' }, subject: 'CN={serial}', validityDays: 0, colour: 'red' };
    });
    const problems = where(await problemsOf(dir));
    expect(problems.map((p) => p[3])).toEqual([
      'firmware.images.0.offset: an offset is a string such as "0x10000"',
      'certificates.ca.key: Invalid input: expected string, received undefined',
      'certificates.validityDays: Too small: expected number to be >=1',
      'certificates: unknown field "colour"',
    ]);
    expect(problems[3]![1]).toBe(lineOf(dir, 'job.json', '"colour"'));
    expect(problems[0]!.slice(1, 3)).toEqual([lineOf(dir, 'job.json', '"offset": "zero"'), 19]);
  });
});

describe('templates, serials and certificates', () => {
  it('the template\'s own errors: CSV that does not parse, a value that does not suit its encoding', async () => {
    const dir = copyExample();
    editFile(dir, 'fctry.csv', (t) => `${t}broken,data,string,"never closed\n`);
    expect(where(await problemsOf(dir))).toEqual([['fctry.csv', 11, 20, 'a quoted field is never closed']]);
    editFile(dir, 'fctry.csv', (t) => t.replace('broken,data,string,"never closed\n', 'level,data,u8,300\n'));
    expect(where(await problemsOf(dir))).toEqual([['fctry.csv', 11, 15, '300 is out of range for u8 (0 to 255)']]);
  });

  it('a placeholder in a row whose encoding it cannot suit', async () => {
    const dir = copyExample();
    editFile(dir, 'fctry.csv', (t) => `${t}serial_num,data,u32,{{serial}}\n`);
    expect(where(await problemsOf(dir))).toEqual([['fctry.csv', 11, 21, expect.stringMatching(/^with the values filled in \(for a sample board: a 64-character serial, 1\.5 KiB PEMs\): /)]]);
  });

  it('certificate placeholders in a job without certificates', async () => {
    const dir = copyExample();
    editJob(dir, (j) => void (j['certificates'] = { mode: 'none' }));
    expect(where(await problemsOf(dir)).map((p) => [p[1], p[3]])).toEqual([
      [7, "'cert' uses {{cert_pem}}, but the job's certificates mode is \"none\""],
      [8, "'priv_key' uses {{key_pem}}, but the job's certificates mode is \"none\""],
      [9, "'ca_cert' uses {{ca_pem}}, but the job's certificates mode is \"none\""],
    ]);
  });

  it('a pool job loads without a CA', async () => {
    const dir = copyExample();
    editJob(dir, (j) => void (j['certificates'] = { mode: 'pool', pool: 'line-a' }));
    editFile(dir, 'fctry.csv', (t) => t.replace('ca_cert,data,string,{{ca_pem}}\n', ''));
    const job = await loadJob(dir);
    expect(job.certificates).toEqual({ mode: 'pool', pool: 'line-a' });
    expect(job.ledgerDefinition).toMatchObject({ certMode: 'pool', certPool: 'line-a' });
    expect(job.files.map((f) => f.path)).not.toContain('ca/ca.crt');
  });

  it('a serial list\'s problems, in the list', async () => {
    const dir = copyExample();
    writeFileSync(join(dir, 'serials.csv'), 'serial\nW-1\nW 2\nW-1\n');
    editJob(dir, (j) => void (j['serial'] = { kind: 'list', file: 'serials.csv' }));
    const problems = where(await problemsOf(dir));
    expect(problems.map((p) => [p[0], p[1]])).toEqual([
      ['serials.csv', 3],
      ['serials.csv', 4],
    ]);
  });

  it('the wrong CA passphrase', async () => {
    const dir = copyExample();
    expect(where(await problemsOf(dir, { passphrase: 'not the passphrase' }))).toEqual([['job.json', lineOf(dir, 'job.json', '"key": "ca/ca.key"'), 41, 'cannot decrypt the CA key ca/ca.key: wrong passphrase']]);
  });
});
