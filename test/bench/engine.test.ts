import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBenchOnce, type BenchPort } from '../../src/main/bench/engine.js';
import type { BenchEvent } from '../../src/main/bench/events.js';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { decodeImage, findValue, readValues } from '../../src/shared/nvs/decode/index.js';
import { SIM_FAULTS } from '../../src/main/cli/sim-faults.js';
import { caOnDisk } from '../identity/cert-fixtures.js';
import { openLedger, scratch } from '../ledger/fixtures.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type SimBoard } from '../sim/index.js';
import { expectFlashHolds, regionsFor } from '../flasher/fixtures.js';
import { benchJob, FCTRY, firmwareConsole } from './fixtures.js';

afterEach(() => unplugAll());

function stringValue(board: SimBoard, key: string): string | undefined {
  const value = findValue(readValues(decodeImage(board.readFlash(FCTRY.offset, FCTRY.size))), 'fctry', key);
  return value?.type === 'string' ? value.value : undefined;
}

describe('the bench engine, one board per port, all ports at once', () => {
  it('flashes every good board with the firmware and its own identity, retries a flaky one with the same identity, and refuses a wrong chip', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', ca });
    const boards = [
      createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole }),
      createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole }),
      // Its first MD5 answer is wrong: the verify fails once, the retry passes with the same identity.
      createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole, faults: SIM_FAULTS['md5-mismatch'].specs }),
      createSimBoard({ chip: 'esp32s3', consoleLines: firmwareConsole }),
      createSimBoard({ chip: 'esp32c3', consoleLines: () => ['I (310) app: starting', 'E (320) fctry: partition not found'] }),
    ];
    const ports: BenchPort[] = boards.map((board, i) => ({ path: plugIn(board).path, slot: `slot ${i + 1}`, binding: simBinding }));
    const events: BenchEvent[] = [];
    const summary = await runBenchOnce({ job, ledger, ports, retries: 1, onEvent: (event) => events.push(event) });

    expect(summary.outcomes.map((outcome) => outcome.result ? 'pass' : `${outcome.failure!.step}:${outcome.failure!.code}`)).toEqual([
      'pass', 'pass', 'pass', 'identifying:wrong-chip', 'checking:check-failed',
    ]);
    expect({ pass: summary.pass, fail: summary.fail }).toEqual({ pass: 3, fail: 2 });
    const caCertificate = new X509Certificate(ca.certPem);
    for (const [i, board] of boards.slice(0, 3).entries()) {
      const row = ledger.queries.findByMac(board.macAddress)!;
      expect(row.status, `board ${i}`).toBe('provisioned');
      expectFlashHolds((offset, length) => board.readFlash(offset, length), regionsFor('esp32c3', { seed: 42 }));
      expect(stringValue(board, 'serial_no')).toBe(row.serial);
      expect(stringValue(board, 'mac')).toBe(board.macAddress);
      const certificate = new X509Certificate(stringValue(board, 'cert')!);
      expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(row.certFingerprint);
      expect(certificate.verify(caCertificate.publicKey)).toBe(true);
      const key = createPublicKey(createPrivateKey(stringValue(board, 'priv_key')!)).export({ type: 'spki', format: 'der' });
      expect(key).toEqual(certificate.publicKey.export({ type: 'spki', format: 'der' }));
    }
    // The flaky board failed once, at the verify, and was retried with the serial it had.
    const flaky = events.filter((event) => event.type === 'board-failed' && event.port === ports[2]!.path);
    expect(flaky).toMatchObject([{ step: 'flashing', code: 'verify-mismatch', willRetry: true }]);
    expect(ledger.queries.detail(boards[2]!.macAddress)!.identities).toHaveLength(1);
    // The wrong chip never reached the ledger; the board that failed its check holds a pending identity.
    expect(ledger.queries.findByMac(boards[3]!.macAddress)).toBeUndefined();
    expect(ledger.queries.findByMac(boards[4]!.macAddress)).toMatchObject({ status: 'pending', lastStep: 'checking:failed' });
    const serials = [0, 1, 2, 4].map((i) => ledger.queries.findByMac(boards[i]!.macAddress)!.serial);
    expect(new Set(serials).size).toBe(4);
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });
});
