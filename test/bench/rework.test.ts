import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runBenchOnce, type BenchPort } from '../../src/main/bench/engine.js';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { decodeImage, findValue, readValues } from '../../src/shared/nvs/decode/index.js';
import { caOnDisk } from '../identity/cert-fixtures.js';
import { openLedger, scratch } from '../ledger/fixtures.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type SimBoard } from '../sim/index.js';
import { benchJob, FCTRY, firmwareConsole } from './fixtures.js';

afterEach(() => unplugAll());

const onBoard = (board: SimBoard, key: string): string => {
  const value = findValue(readValues(decodeImage(board.readFlash(FCTRY.offset, FCTRY.size))), 'fctry', key);
  if (value?.type !== 'string') throw new Error(`no ${key} on the board`);
  return value.value;
};

describe('rework in a later session, with certificates issued per board', () => {
  it('keeps the certificate when the board still holds its key, and issues a new one for the same serial when it does not', async () => {
    const folder = scratch();
    const { ca } = await caOnDisk(folder);
    const ledger = openLedger(join(folder, 'ledger.sqlite'));
    const job = await benchJob(ledger, { chip: 'esp32c3', ca });
    const board = createSimBoard({ chip: 'esp32c3', consoleLines: firmwareConsole });
    const ports: BenchPort[] = [{ path: plugIn(board).path, slot: 'slot 1', binding: simBinding }];
    // Each runBenchOnce is a session of its own: no key survives in memory from one to the next.
    const session = async () => {
      const summary = await runBenchOnce({ job, ledger, ports });
      expect(summary.outcomes[0]!.failure?.message).toBeUndefined();
      return ledger.queries.findByMac(board.macAddress)!;
    };

    const first = await session();
    const again = await session();
    expect(again).toMatchObject({ serial: first.serial, certFingerprint: first.certFingerprint, status: 'provisioned' });
    expect(ledger.queries.detail(first.serial)!.events.map((event) => event.kind)).not.toContain('certificate.replaced');

    // The board's fctry partition was erased in rework: its key is gone, so the serial gets a new certificate.
    board.loadFlash(FCTRY.offset, new Uint8Array(FCTRY.size).fill(0xff));
    const reissued = await session();
    expect(reissued.serial).toBe(first.serial);
    expect(reissued.certFingerprint).not.toBe(first.certFingerprint);
    const detail = ledger.queries.detail(first.serial)!;
    expect(detail.certificates.map((certificate) => [certificate.fingerprint, certificate.status])).toEqual([
      [first.certFingerprint, 'superseded'],
      [reissued.certFingerprint, 'active'],
    ]);
    const certificate = new X509Certificate(onBoard(board, 'cert'));
    expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(reissued.certFingerprint);
    expect(createPublicKey(createPrivateKey(onBoard(board, 'priv_key'))).export({ type: 'spki', format: 'der' })).toEqual(certificate.publicKey.export({ type: 'spki', format: 'der' }));
    ledger.close();
    expect(verifyLedger(join(folder, 'ledger.sqlite')).ok).toBe(true);
  });
});
