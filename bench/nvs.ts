import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNvsCsv } from '../src/shared/nvs/csv.js';
import { encodeNvs } from '../src/shared/nvs/encoder.js';
import { encryptImage } from '../src/shared/nvs/encryption.js';
import { makeKeyPartition } from '../src/shared/nvs/keys.js';
import { rowsToItems } from '../src/shared/nvs/rows.js';
import { nodeCrypto } from '../src/main/nvs/node-crypto.js';
import { makeFileReader } from '../src/main/nvs/read-file.js';
import { formatMiB, formatRate, median, runCli, timeProcess, type BenchContext } from './lib.js';

/**
 * NVS: (a) one 0x6000 image encoded in process, (b) `mfg generate` for many
 * devices end to end, plain and encrypted, (c) CLI start-up, (d) the reference.
 * BENCH_DEVICES sets the device count of (b) (default 100000).
 */
export default async function nvsBenchmarks(ctx: BenchContext): Promise<void> {
  const devices = Number(process.env['BENCH_DEVICES'] ?? 100_000);
  const inputs = join(ctx.tmp, 'mfg-inputs');
  makeInputs(inputs, devices, ctx);
  encodeInProcess(ctx, inputs);
  fileSystemFloor(ctx, devices);
  await mfgGenerate(ctx, inputs, devices);
  startup(ctx);
  reference(ctx);
}

const CONFIG = `mfg_ns,namespace,
serial_no,data,string
device_no,data,u32
hw_rev,data,u8,REPEAT
mac,data,hex2bin
cert,file,binary
priv_key,file,binary
app,namespace,
region,data,string,REPEAT
`;

/** PEM-looking text of about `size` bytes, different for every device. */
function pem(kind: string, seed: number, size: number): string {
  const lines = [`-----BEGIN ${kind}-----`];
  let body = '';
  let x = seed * 2654435761;
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  while (body.length < size - 60) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    body += alphabet[x >>> 26];
  }
  for (let i = 0; i < body.length; i += 64) lines.push(body.slice(i, i + 64));
  lines.push(`-----END ${kind}-----`, '');
  return lines.join('\n');
}

/** The 20_mfg_10dev layout, for `devices` devices: each a ~1.5 KiB certificate and a ~240 B EC key. */
function makeInputs(dir: string, devices: number, ctx: BenchContext): void {
  const started = performance.now();
  mkdirSync(join(dir, 'certs'), { recursive: true });
  writeFileSync(join(dir, 'config.csv'), CONFIG);
  const rows = ['id,serial_no,device_no,hw_rev,mac,cert,priv_key,region,batch'];
  for (let i = 1; i <= devices; i++) {
    writeFileSync(join(dir, 'certs', `dev${i}.pem`), pem('CERTIFICATE', i, 1536));
    writeFileSync(join(dir, 'certs', `dev${i}.key`), pem('EC PRIVATE KEY', i + 7, 241));
    const mac = `246f28${i.toString(16).padStart(6, '0')}`;
    rows.push(`${i},SN${String(i).padStart(7, '0')},${1000 + i},${i === 1 ? 3 : ''},${mac},certs/dev${i}.pem,certs/dev${i}.key,${i === 1 ? 'EU' : ''},B7`);
  }
  writeFileSync(join(dir, 'values.csv'), `${rows.join('\n')}\n`);
  const keys = new Uint8Array(64).map((_, i) => i);
  writeFileSync(join(dir, 'keys.bin'), makeKeyPartition({ dataKey: keys.subarray(0, 32), tweakKey: keys.subarray(32) }));
  ctx.note(`inputs: ${devices.toLocaleString('en-US')} devices (certificate 1.5 KiB + key 0.24 KiB each) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** (a) Device 1's rows, encoded again and again in this thread. */
function encodeInProcess(ctx: BenchContext, inputs: string): void {
  const csv = `key,type,encoding,value\n${CONFIG.replace(',REPEAT', '')
    .trim()
    .split('\n')
    .map((line) => {
      const [key, type, encoding] = line.split(',');
      const values: Record<string, string> = { serial_no: 'SN0000001', device_no: '1001', hw_rev: '3', mac: '246f28000001', cert: 'certs/dev1.pem', priv_key: 'certs/dev1.key', region: 'EU' };
      return type === 'namespace' ? `${key},namespace,,` : `${key},${type},${encoding},${values[key!]}`;
    })
    .join('\n')}\n`;
  const rows = parseNvsCsv(csv, 'device-1.csv');
  const readFile = makeFileReader(inputs);
  const files = new Map<string, Uint8Array>();
  const cachedRead = (path: string, at: Parameters<typeof readFile>[1]): Uint8Array => files.get(path) ?? files.set(path, readFile(path, at)).get(path)!;
  const items = rowsToItems(rows, { readFile: cachedRead, crypto: nodeCrypto });
  const keys = { dataKey: new Uint8Array(32).fill(1), tweakKey: new Uint8Array(32).fill(2) };
  const measure = (label: string, once: () => void): void => {
    for (let i = 0; i < 2000; i++) once(); // warm-up
    const runs = 20_000;
    const started = performance.now();
    for (let i = 0; i < runs; i++) once();
    const ms = performance.now() - started;
    ctx.report(label, `${formatRate(runs, ms, 'images')}, ${((ms * 1000) / runs).toFixed(1)} µs/image`);
  };
  measure('(a) encode one 0x6000 image (items -> bytes)', () => encodeNvs(items, { size: 0x6000, version: 2 }));
  measure('(a) CSV rows -> items -> image (files cached)', () => encodeNvs(rowsToItems(rows, { readFile: cachedRead, crypto: nodeCrypto }), { size: 0x6000, version: 2 }));
  const plain = encodeNvs(items, { size: 0x6000, version: 2 });
  measure('(a) encrypt one 0x6000 image (XTS-AES-256)', () => encryptImage(plain, keys, nodeCrypto));
}

/**
 * (b0) What the file system alone costs: the files mfg generate writes for each
 * device (a 24 KiB image and a 0.4 KiB CSV), written with writeFileSync in one
 * thread and nothing else, to put (b) in proportion on this machine's disk.
 */
function fileSystemFloor(ctx: BenchContext, devices: number): void {
  const dir = join(ctx.tmp, 'floor');
  mkdirSync(join(dir, 'bin'), { recursive: true });
  mkdirSync(join(dir, 'csv'));
  const image = new Uint8Array(0x6000).fill(0xff);
  const csv = 'x'.repeat(400);
  const started = performance.now();
  for (let i = 1; i <= devices; i++) {
    writeFileSync(join(dir, 'csv', `dev-${i}.csv`), csv, { flag: 'wx' });
    writeFileSync(join(dir, 'bin', `dev-${i}.bin`), image, { flag: 'wx' });
  }
  const ms = performance.now() - started;
  ctx.report('(b0) file-system floor: the same files, writeFileSync, 1 thread', `${formatRate(devices, ms, 'devices')} (${(ms / 1000).toFixed(1)} s)`);
  rmSync(dir, { recursive: true, force: true });
}

/** (b) The whole CLI on the inputs: wall time including every file written, and peak RSS. */
async function mfgGenerate(ctx: BenchContext, inputs: string, devices: number): Promise<void> {
  const tenth = Math.max(1, Math.floor(devices / 10));
  const cases: [string, number, string[]][] = [
    ['plain', tenth, []],
    ['plain', devices, []],
    ['encrypted (--inputkey)', devices, ['--inputkey', 'keys.bin']],
  ];
  for (const [label, count, extra] of cases) {
    const outdir = join(inputs, 'out');
    rmSync(outdir, { recursive: true, force: true });
    const values = count === devices ? 'values.csv' : firstRows(inputs, count);
    const run = await runCli(ctx, ['mfg', 'generate', 'config.csv', values, 'dev', '0x6000', '--outdir', 'out', ...extra], inputs);
    if (run.code !== 0) throw new Error(`mfg generate failed (${run.code}): ${run.stderr}`);
    if (!existsSync(join(outdir, 'bin', `dev-${count}.bin`))) throw new Error('mfg generate wrote no images');
    ctx.report(`(b) mfg generate, ${count.toLocaleString('en-US')} devices, ${label}`, `${formatRate(count, run.ms, 'images')} (${(run.ms / 1000).toFixed(1)} s), peak RSS ${formatMiB(run.maxRssBytes)}`);
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A values file with the header and the first `count` device rows. */
function firstRows(inputs: string, count: number): string {
  const name = `values-${count}.csv`;
  const lines = readFileSync(join(inputs, 'values.csv'), 'utf8').split('\n');
  writeFileSync(join(inputs, name), `${lines.slice(0, count + 1).join('\n')}\n`);
  return name;
}

/** (c) `factory-bench --help`, the median of 20 runs. */
function startup(ctx: BenchContext): void {
  const times = Array.from({ length: 20 }, () => timeProcess(process.execPath, [join(ctx.root, 'bin', 'factory-bench.mjs'), '--help'], ctx.root));
  ctx.report('(c) factory-bench --help (wall time, median of 20)', `${median(times).toFixed(0)} ms`);
}

/** (d) The reference tools, when this machine has them. */
function reference(ctx: BenchContext): void {
  const python = spawnSync('python3', ['-c', 'import esp_idf_nvs_partition_gen'], { stdio: 'ignore' });
  const idf = process.env['IDF_PATH'];
  const mfgGen = idf ? join(idf, 'tools', 'mass_mfg', 'mfg_gen.py') : undefined;
  if (python.status !== 0 || !mfgGen || !existsSync(mfgGen)) {
    ctx.note('(d) reference: not measured: python3 with esp-idf-nvs-partition-gen and $IDF_PATH/tools/mass_mfg/mfg_gen.py are not available here');
    return;
  }
  const dir = join(ctx.tmp, 'reference');
  const devices = 1000;
  makeInputs(dir, devices, ctx);
  const ms = timeProcess('python3', [mfgGen, 'generate', 'config.csv', 'values.csv', 'dev', '0x6000', '--outdir', 'out'], dir);
  ctx.report(`(d) reference mfg_gen.py, ${devices} devices, plain`, `${formatRate(devices, ms, 'images')}`);
}
