import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeImage, findValue, readValues, type NvsValue } from '../../src/shared/nvs/decode/index.js';
import { decryptImage } from '../../src/shared/nvs/encryption.js';
import { generateKeys, makeKeyPartition } from '../../src/shared/nvs/keys.js';
import { generateImage } from '../../src/main/nvs/generate.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';
import { loadJob, TemplateValueError, type LoadedJob } from '../../src/main/job/load-job.js';
import { editJob, EXAMPLE_DIR, EXAMPLE_PASSPHRASE, useExampleCopies } from './fixtures.js';

const copyExample = useExampleCopies();
const text = (value: NvsValue | undefined): string | undefined => (value?.type === 'string' ? value.value : undefined);

async function issue(job: LoadedJob, serial: string, mac: string): Promise<{ certPem: string; keyPem: string }> {
  if (job.certificates.mode !== 'issue' || !job.certificates.issuer) throw new Error('the example issues certificates');
  return job.certificates.issuer.issue({ serial, mac, job: job.settings.name });
}

describe('the example job', () => {
  it('loads: firmware read once, the fctry partition found, the CA left for its passphrase', async () => {
    const job = await loadJob(EXAMPLE_DIR);
    expect(job.dir).toBe(EXAMPLE_DIR);
    expect(job.chip).toBe('esp32c3');
    expect(job.images.map((i) => [i.offset, i.file])).toEqual([
      [0x0, 'build/bootloader/bootloader.bin'],
      [0x8000, 'build/partition_table/partition-table.bin'],
      [0x10000, 'build/widget.bin'],
    ]);
    expect(job.images[2]!.data).toEqual(new Uint8Array(readFileSync(join(EXAMPLE_DIR, 'build/widget.bin'))));
    expect(job.fctry).toEqual({ name: 'fctry', offset: 0x110000, size: 0x6000 });
    expect(job.partitions.map((p) => p.name)).toEqual(['nvs', 'phy_init', 'factory', 'fctry']);
    expect(job.partitionTableOffset).toBe(0x8000);
    expect(job.flashSize).toBe(4 * 1024 * 1024);
    expect(job.flashSettings).toEqual({ mode: 'dio', size: '4MB', freq: '80m' });
    expect(job.settings).toMatchObject({ name: 'widget', baud: 921600, reset: 'default', fctryPartition: 'fctry', nvs: { template: 'fctry.csv', version: 2 }, check: { pattern: 'fctry ok serial={{serial}}', timeoutMs: 8000, baud: 115200 } });
    expect(job.serialScheme.kind === 'counter' && job.serialScheme.template.render(new Date(2026, 0, 7), 12)).toBe('WDG-2602-00012');
    expect(job.certificates).toMatchObject({ mode: 'issue', settings: { subject: 'CN={serial}, O=ACME, OU={MODEL}', validityDays: 3650 } });
    expect(job.certificates.mode === 'issue' && job.certificates.issuer).toBeUndefined();
    expect(job.notices).toEqual(['the CA key ca/ca.key is opened when the job starts: its passphrase is asked then (or give it to loadJob to check it now)']);
    expect(job.definitionSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(job.files.map((f) => f.path)).toEqual([
      'build/bootloader/bootloader.bin',
      'build/flasher_args.json',
      'build/partition_table/partition-table.bin',
      'build/widget.bin',
      'ca/ca.crt',
      'ca/ca.key',
      'config/defaults.json',
      'fctry.csv',
      'job.json',
      'partitions.csv',
    ]);
    expect(job.ledgerDefinition).toEqual({ name: 'widget', product: 'ACME Widget rev C', serialScheme: { kind: 'counter', template: 'WDG-{gg}{ww}-{counter:05}', start: 1 }, certMode: 'issue', definitionSha256: job.definitionSha256 });
  });

  it('with the passphrase, opens the CA and issues; the CA can also be opened later', async () => {
    const job = await loadJob(EXAMPLE_DIR, { passphrase: EXAMPLE_PASSPHRASE });
    expect(job.notices).toEqual([]);
    const { certPem } = await issue(job, 'WDG-2602-00012', 'AA-BB-CC-00-11-22');
    expect(new X509Certificate(certPem).subject).toBe('CN=WDG-2602-00012\nO=ACME\nOU=WDG-C');

    const later = await loadJob(EXAMPLE_DIR);
    if (later.certificates.mode !== 'issue') throw new Error('issue mode');
    await expect(later.certificates.open('wrong passphrase')).rejects.toThrow(/wrong passphrase/);
    const { issuer } = await later.certificates.open(EXAMPLE_PASSPHRASE);
    expect((await issuer.issue({ serial: 'S1', mac: '24:6f:28:00:00:01' })).certPem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('renders a board\'s fctry image holding exactly its serial, MAC, certificate and key', async () => {
    const job = await loadJob(EXAMPLE_DIR, { passphrase: EXAMPLE_PASSPHRASE });
    const serial = 'WDG-2602-00012';
    const { certPem, keyPem } = await issue(job, serial, '24:6F:28:0A:0B:0C');
    const image = job.renderTemplate({ serial, mac: '24:6F:28:0A:0B:0C', certPem, keyPem });
    expect(image.length).toBe(0x6000);
    const decoded = decodeImage(image);
    expect(decoded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const values = readValues(decoded);
    expect(text(findValue(values, 'fctry', 'serial_no'))).toBe(serial);
    expect(text(findValue(values, 'fctry', 'mac'))).toBe('24:6f:28:0a:0b:0c');
    expect(text(findValue(values, 'fctry', 'cert'))).toBe(certPem);
    expect(text(findValue(values, 'fctry', 'priv_key'))).toBe(keyPem);
    // The CA's certificate block as its file holds it, ending in a line break like the issued PEMs.
    expect(text(findValue(values, 'fctry', 'ca_cert'))).toBe(`${readFileSync(join(EXAMPLE_DIR, 'ca/ca.crt'), 'utf8').trimEnd()}\n`);
    expect(text(findValue(values, 'fctry', 'model'))).toBe('WDG-C');
    expect(findValue(values, 'fctry', 'hw_rev')).toMatchObject({ type: 'u8', value: 3n });
    expect(findValue(values, 'fctry', 'defaults')).toMatchObject({ type: 'blob', value: new Uint8Array(readFileSync(join(EXAMPLE_DIR, 'config/defaults.json'))) });
  });

  it('its rendered CSV makes the same image with nvs generate', async () => {
    const dir = copyExample();
    const job = await loadJob(dir, { passphrase: EXAMPLE_PASSPHRASE });
    const board = { serial: 'WDG-2602-00013', mac: '24:6f:28:0a:0b:0d', ...(await issue(job, 'WDG-2602-00013', '24:6f:28:0a:0b:0d')) };
    writeFileSync(join(dir, 'rendered.csv'), job.renderTemplateCsv(board));
    // file rows name their files relative to the job folder: run from there, as nvs_partition_gen would be.
    expect(generateImage({ inputs: ['rendered.csv'], size: '0x6000', version: 2, cwd: dir })).toEqual(job.renderTemplate(board));
  });

  it('says what is missing for a board', async () => {
    const job = await loadJob(EXAMPLE_DIR);
    expect(() => job.renderTemplate({ serial: 'S1', mac: '24:6f:28:00:00:01' })).toThrow(new TemplateValueError('the fctry template fctry.csv uses {{cert_pem}} (line 7) but this board has no value for it'));
    expect(() => job.renderTemplate({ serial: 'S1', mac: 'not a mac', certPem: 'c', keyPem: 'k' })).toThrow('"not a mac" is not a MAC address');
  });

  it('encrypts the image with the job\'s NVS keys', async () => {
    const dir = copyExample();
    const keys = generateKeys(nodeCrypto);
    writeFileSync(join(dir, 'fctry-keys.bin'), makeKeyPartition(keys));
    editJob(dir, (j) => void ((j['nvs'] as Record<string, unknown>)['encryption'] = { keyFile: 'fctry-keys.bin' }));
    const [plainJob, encryptedJob] = await Promise.all([loadJob(EXAMPLE_DIR), loadJob(dir)]);
    const board = { serial: 'S1', mac: '24:6f:28:00:00:01', certPem: 'CERT', keyPem: 'KEY' };
    const encrypted = encryptedJob.renderTemplate(board);
    const plain = plainJob.renderTemplate(board);
    expect(encrypted).not.toEqual(plain);
    expect(decryptImage(encrypted, keys, nodeCrypto)).toEqual(plain);
    expect(encryptedJob.files.map((f) => f.path)).toContain('fctry-keys.bin');
  });

  it('the definition hash follows every file the job uses', async () => {
    const dir = copyExample();
    const before = (await loadJob(dir)).definitionSha256;
    expect((await loadJob(dir)).definitionSha256).toBe(before);
    writeFileSync(join(dir, 'config/defaults.json'), '{"led":"red"}\n');
    expect((await loadJob(dir)).definitionSha256).not.toBe(before);
  });

  it('takes a binary partition table, and a list of images instead of flasher_args.json', async () => {
    const dir = copyExample();
    editJob(dir, (j) => {
      j['partitionTable'] = 'build/partition_table/partition-table.bin';
      j['firmware'] = { images: [{ offset: '0x0', file: 'build/bootloader/bootloader.bin' }, { offset: '0x10000', file: 'build/widget.bin' }], flashSize: '4MB' };
    });
    const job = await loadJob(dir);
    expect(job.fctry).toEqual({ name: 'fctry', offset: 0x110000, size: 0x6000 });
    // Without an image at 0x8000 the job flashes its own table.
    expect(job.images.map((i) => [i.offset, i.file])).toEqual([
      [0x0, 'build/bootloader/bootloader.bin'],
      [0x8000, 'build/partition_table/partition-table.bin'],
      [0x10000, 'build/widget.bin'],
    ]);
    expect(job.flashSize).toBe(0x400000);
  });

  it('encodes a CSV partition table for flashing when the firmware brings none', async () => {
    const dir = copyExample();
    editJob(dir, (j) => void (j['firmware'] = { images: [{ offset: '0x0', file: 'build/bootloader/bootloader.bin' }, { offset: '0x10000', file: 'build/widget.bin' }] }));
    const job = await loadJob(dir);
    const table = job.images.find((i) => i.offset === 0x8000)!;
    expect(table.file).toBe('partitions.csv');
    expect(table.data).toEqual(new Uint8Array(readFileSync(join(dir, 'build/partition_table/partition-table.bin'))));
    expect(job.flashSize).toBeUndefined();
  });
});

describe('notices that do not stop a job', () => {
  it('warns that {yy}{ww} names the wrong year around New Year', async () => {
    const dir = copyExample();
    editJob(dir, (job) => {
      job['serial'] = { kind: 'counter', template: 'WDG-{yy}{ww}-{counter:05}' };
    });
    const job = await loadJob(dir, { passphrase: EXAMPLE_PASSPHRASE });
    expect(job.notices.filter((notice) => notice.startsWith('job.json: serial.template'))).toEqual([expect.stringMatching(/column \d+: .*\{gg\}/)]);
  });
});
