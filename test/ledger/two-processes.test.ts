import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { bundleScript } from '../helpers/bundle-script.js';
import { scratch } from './fixtures.js';

const run = promisify(execFile);
let worker: Awaited<ReturnType<typeof bundleScript>>;
beforeAll(async () => {
  worker = await bundleScript(join(import.meta.dirname, 'workers', 'ledger-worker.ts'), 'ledger-worker-pair');
});
afterAll(() => worker.remove());

interface Provisioned {
  mac: string;
  serial: string;
  fingerprint: string;
  reused: boolean;
}

async function bench(file: string, macs: number[]): Promise<Provisioned[]> {
  const { stdout } = await run(process.execPath, [worker.path, JSON.stringify({ file, mode: 'batch', macs })], { maxBuffer: 1 << 24 });
  return stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Provisioned);
}

describe('ledger: two benches on one ledger file', () => {
  it('never hand out one serial twice, and agree on the boards both of them see', async () => {
    const file = join(scratch(), 'ledger.sqlite');
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    // Each bench has its own boards, and 100 boards are moved from one bench to the other (rework).
    const shared = range(5000, 5100);
    const [first, second] = await Promise.all([bench(file, [...range(1, 401), ...shared]), bench(file, [...range(1000, 1400), ...shared.toReversed()])]);
    const all = [...first, ...second];
    expect(all).toHaveLength(1000);

    const serialToMac = new Map<string, string>();
    const fingerprintToMac = new Map<string, string>();
    for (const board of all) {
      expect(serialToMac.get(board.serial) ?? board.mac, `serial ${board.serial}`).toBe(board.mac);
      expect(fingerprintToMac.get(board.fingerprint) ?? board.mac, `certificate of ${board.serial}`).toBe(board.mac);
      serialToMac.set(board.serial, board.mac);
      fingerprintToMac.set(board.fingerprint, board.mac);
    }
    // 900 distinct boards, 900 distinct serials: the shared boards got one identity, from whichever bench was first.
    expect(serialToMac.size).toBe(900);
    expect(new Set(all.map((board) => board.mac)).size).toBe(900);
    expect(all.filter((board) => board.reused)).toHaveLength(100);
    // The counter has no holes: serials 1..900.
    expect([...serialToMac.keys()].sort()).toEqual(range(1, 901).map((n) => `SN-${String(n).padStart(6, '0')}`));
    expect(verifyLedger(file).ok).toBe(true);
  }, 120_000);
});
