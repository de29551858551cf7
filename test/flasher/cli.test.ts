import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstDifference } from './fixtures.js';
import { APP_OFFSET, firmwareRegions } from './images.js';
import { scratchFolders } from '../helpers/scratch.js';

// The built command line, end to end: `factory-bench sim` in one process, the ESP commands in
// others, talking over the pseudo-terminal the simulator prints.

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'factory-bench.mjs');

beforeAll(() => {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runBin(args: string[], cwd: string): Promise<Run> {
  return runCommand(process.execPath, [BIN, ...args], cwd);
}

/** Runs a command to its end and collects what it printed. */
function runCommand(command: string, args: string[], cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

interface SimProcess {
  child: ChildProcessWithoutNullStreams;
  /** One entry per "<chip> ready on <port> (MAC <mac>...)" line so far (a re-plugged board adds one). */
  boards: { chip: string; port: string; mac: string }[];
  /** Resolves once there are `count` ready lines. */
  ready(count: number): Promise<void>;
  exited: Promise<Run>;
}

const sims: SimProcess[] = [];
afterEach(() => {
  for (const sim of sims.splice(0)) sim.child.kill('SIGKILL');
});

const scratch = scratchFolders('flasher-cli');

/** Starts `factory-bench sim` with stdin a pipe, and waits for its first `count` ready lines. */
async function startSim(args: string[], cwd: string, count = 1): Promise<SimProcess> {
  const child = spawn(process.execPath, [BIN, 'sim', ...args], { cwd, stdio: 'pipe' });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<Run>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const sim: SimProcess = {
    child,
    boards: [],
    exited,
    ready: (n) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (sim.boards.length < n) return;
          child.stdout.off('data', check);
          resolve();
        };
        child.stdout.on('data', check);
        check();
        void exited.then((run) => reject(new Error(`factory-bench sim exited with ${run.code} before ${n} boards were ready: ${run.stderr}`)));
      }),
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    sim.boards = [...stdout.matchAll(/^(\S+) ready on (\S+) \(MAC ([0-9a-f:]{17})/gm)].map(([, chip, port, mac]) => ({ chip: chip!, port: port!, mac: mac! }));
  });
  sims.push(sim);
  await sim.ready(count);
  return sim;
}

describe('factory-bench sim, and the ESP commands against it', () => {
  it('chip-id, read-mac, flash (verified) and read-flash on the printed port; on exit the flash dump holds what was written', async () => {
    const dir = scratch();
    const sim = await startSim(['--chip', 'esp32s3', '--dump', 'dump.bin'], dir);
    const [{ chip, port, mac }] = sim.boards as [SimProcess['boards'][number]];
    expect(chip).toBe('esp32s3');

    const chipId = await runBin(['chip-id', '--port', port], dir);
    expect(chipId.code, chipId.stderr).toBe(0);
    expect(chipId.stdout).toBe(`Chip: ESP32-S3\nChip ID: 9\nMAC: ${mac}\n`);

    const readMac = await runBin(['read-mac', '--port', port, '--no-stub'], dir);
    expect(readMac.code, readMac.stderr).toBe(0);
    expect(readMac.stdout).toBe(`MAC: ${mac}\n`);

    const regions = firmwareRegions({ bootloaderOffset: 0x0, seed: 5 });
    const names = ['bootloader.bin', 'partition-table.bin', 'fctry.bin', 'app.bin'];
    regions.forEach((region, i) => writeFileSync(join(dir, names[i]!), region.data));
    const pairs = regions.flatMap((region, i) => [`0x${region.offset.toString(16)}`, names[i]!]);
    const flash = await runBin(['flash', '--port', port, '--baud', '921600', ...pairs], dir);
    expect(flash.code, flash.stderr).toBe(0);
    expect(flash.stdout.match(/^wrote \d+ bytes at 0x[0-9a-f]{8}, verified \(md5 [0-9a-f]{32}\)$/gm)).toHaveLength(4);

    const app = regions.find((r) => r.offset === APP_OFFSET)!.data;
    const readFlash = await runBin(['read-flash', '--port', port, '0x10000', String(app.length), 'back.bin'], dir);
    expect(readFlash.code, readFlash.stderr).toBe(0);
    expect(firstDifference(readFileSync(join(dir, 'back.bin')), app)).toBe(-1);

    sim.child.kill('SIGTERM');
    const exit = await sim.exited;
    expect(exit.code, exit.stderr).toBe(0);
    const dump = readFileSync(join(dir, 'dump.bin'));
    expect(dump.length).toBe(4 * 1024 * 1024);
    for (const region of regions) expect(firstDifference(dump.subarray(region.offset, region.offset + region.data.length), region.data)).toBe(-1);
  });

  it('--fault md5-mismatch: flash fails with exit 1 and a hint; flashing again succeeds', async () => {
    const dir = scratch();
    const sim = await startSim(['--chip', 'esp32c3', '--fault', 'md5-mismatch'], dir);
    writeFileSync(join(dir, 'app.bin'), firmwareRegions({ bootloaderOffset: 0, seed: 6 })[3]!.data);

    const failed = await runBin(['flash', '--port', sim.boards[0]!.port, '0x10000', 'app.bin'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/factory-bench flash: error: verify failed at 0x00010000 .*\nhint: the flash at 0x00010000 does not hold what was written: flash it again/);

    const again = await runBin(['flash', '--port', sim.boards[0]!.port, '0x10000', 'app.bin'], dir);
    expect(again.code, again.stderr).toBe(0);
    sim.child.kill('SIGTERM');
    expect((await sim.exited).code).toBe(0);
  });

  it('--fault unplug: the flash fails as unplugged; the board comes back on a new pty behind the same link and takes the image', async () => {
    const dir = scratch();
    const sim = await startSim(['--chip', 'esp32h2', '--fault', 'unplug', '--pty-link', 'ttyH2', '--dump', 'h2.bin'], dir);
    const app = firmwareRegions({ bootloaderOffset: 0, seed: 7 })[3]!.data;
    writeFileSync(join(dir, 'app.bin'), app);

    const failed = await runBin(['flash', '--port', 'ttyH2', '0x10000', 'app.bin'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('hint: the board was unplugged or the cable is loose');
    await sim.ready(2);
    expect(sim.boards[1]).toEqual({ ...sim.boards[0], port: join(dir, 'ttyH2') });

    const again = await runBin(['flash', '--port', 'ttyH2', '0x10000', 'app.bin'], dir);
    expect(again.code, again.stderr).toBe(0);
    sim.child.kill('SIGTERM');
    expect((await sim.exited).code).toBe(0);
    expect(firstDifference(readFileSync(join(dir, 'h2.bin')).subarray(APP_OFFSET, APP_OFFSET + app.length), app)).toBe(-1);
  });

  it('--fault no-stub-hello: the board hangs, the sim restarts it, and the next connect flashes it', async () => {
    const dir = scratch();
    const sim = await startSim(['--chip', 'esp32c2', '--fault', 'no-stub-hello'], dir);
    writeFileSync(join(dir, 'app.bin'), firmwareRegions({ bootloaderOffset: 0, seed: 8 })[3]!.data);

    const failed = await runBin(['flash', '--port', sim.boards[0]!.port, '0x10000', 'app.bin'], dir);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('hint: the flasher stub did not start: try --no-stub, or a lower --baud');

    const again = await runBin(['flash', '--port', sim.boards[0]!.port, '0x10000', 'app.bin'], dir);
    expect(again.code, again.stderr).toBe(0);
    sim.child.kill('SIGTERM');
    expect((await sim.exited).stderr).toMatch(/stopped answering; restarted into its app/);
  });

  it('--count 2 --pty-link: two boards, consecutive MACs, a link each; SIGINT stops it and removes the links', async () => {
    const dir = scratch();
    const sim = await startSim(['--chip', 'esp32c6', '--count', '2', '--pty-link', 'ttySIM', '--mac', '24:0a:c4:00:00:ff'], dir, 2);
    expect(sim.boards.map((b) => [b.port, b.mac])).toEqual([
      [join(dir, 'ttySIM0'), '24:0a:c4:00:00:ff'],
      [join(dir, 'ttySIM1'), '24:0a:c4:00:01:00'],
    ]);
    expect(readlinkSync(join(dir, 'ttySIM1'))).toMatch(/^\/dev\/pts\/\d+$/);
    const readMac = await runBin(['read-mac', '--port', 'ttySIM1'], dir);
    expect(readMac.stdout).toMatch(/^MAC: 24:0a:c4:00:01:00\n/);

    sim.child.kill('SIGINT');
    expect((await sim.exited).code).toBe(0);
    expect([isLink(join(dir, 'ttySIM0')), isLink(join(dir, 'ttySIM1'))]).toEqual([false, false]);
  });

  it('stops by itself when the shell pipe feeding its standard input closes', async () => {
    const dir = scratch();
    const run = await runCommand('sh', ['-c', `sleep 1 | "${process.execPath}" "${BIN}" sim --chip esp32c3`], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^esp32c3 ready on /);
    expect(run.stderr).toContain('sim: stopping (standard input closed)');
  });

  it('a port that does not exist: a clear error and exit 1', async () => {
    const run = await runBin(['chip-id', '--port', '/dev/does-not-exist-ttyUSB9'], tmpdir());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      'factory-bench chip-id: error: cannot open /dev/does-not-exist-ttyUSB9: no such file or directory\n' +
        'hint: check the port name, that no other program (a serial monitor) holds the port, and that you may use it (the dialout group on Linux)\n',
    );
  });

  it('an unknown fault name is a usage error (exit 2) that lists the known ones', async () => {
    const run = await runBin(['sim', '--fault', 'gremlins'], tmpdir());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option --fault: invalid choice 'gremlins' (choose from silence, garbage, bad-checksum, drop-frames, unplug, flash-write-error, md5-mismatch, no-stub-hello)");
  });
});

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
