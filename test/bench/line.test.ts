import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { benchJobFrom } from '../../src/main/bench/from-loaded-job.js';
import { runBenchOnce } from '../../src/main/bench/engine.js';
import type { BenchEvent } from '../../src/main/bench/events.js';
import { serialEntry } from '../../src/main/bench/simulated-line.js';
import { SIM_FAULTS } from '../../src/main/cli/sim-faults.js';
import { registerJobWithScheme } from '../../src/main/identity/ledger-job.js';
import { loadJob } from '../../src/main/job/load-job.js';
import { verifyLedger } from '../../src/main/ledger/index.js';
import { decodeImage, findValue, readValues } from '../../src/shared/nvs/decode/index.js';
import { runCli } from '../helpers/run-cli.js';
import { EXAMPLE_PASSPHRASE, editJob, useExampleCopies, withPassphrase } from '../job/fixtures.js';
import { openLedger } from '../ledger/fixtures.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type AppContext, type ChipName, type SimBoard } from '../sim/index.js';

const copyExample = useExampleCopies();
afterEach(() => unplugAll());

describe('factory-bench bench with the example job', () => {
  it('--simulate: every board passes, events come as JSON lines, the ledger verifies', async () => {
    const dir = copyExample();
    const result = await runCli(['bench', '--job', dir, '--simulate', '3', '--json', '--ledger', 'ledger.sqlite', '--passphrase-file', withPassphrase(dir)], dir);
    expect(result.code, result.stderr).toBe(0);
    const events = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as BenchEvent);
    const done = events.filter((event) => event.type === 'board-done');
    expect(done).toHaveLength(3);
    expect(new Set(done.map((event) => event.serial)).size).toBe(3);
    for (const event of done) expect(event.serial).toMatch(/^WDG-\d{4}-\d{5}$/);
    const steps = events.filter((event) => event.type === 'step' && event.port === done[0]!.port).map((event) => (event as { step: string }).step);
    expect(steps).toEqual(['connecting', 'identifying', 'allocating', 'building', 'flashing', 'checking', 'recording']);
    expect(events.at(-1)).toMatchObject({ type: 'summary', pass: 3, fail: 0, yield: 1 });
    expect(verifyLedger(join(dir, 'ledger.sqlite')).ok).toBe(true);
  });

  it('refuses a job with problems before any board is touched, listing every problem', async () => {
    const dir = copyExample();
    editJob(dir, (job) => {
      job['chip'] = 'esp32s3';
      job['fctryPartition'] = 'factory_data';
    });
    rmSync(join(dir, 'fctry.csv'));
    const result = await runCli(['bench', '--job', dir, '--simulate', '2', '--ledger', 'ledger.sqlite', '--passphrase-file', withPassphrase(dir)], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/has 3 problems:\n/);
    expect(result.stderr).toMatch(/No board was touched\.\n$/);
    expect(result.stderr).toMatch(/job\.json:\d+:\d+: .*esp32s3/);
    expect(result.stderr).toMatch(/factory_data/);
    expect(result.stderr).toMatch(/fctry\.csv/);
    expect(existsSync(join(dir, 'ledger.sqlite'))).toBe(false);
  });
});

describe('the line with the example job, mixed chips and faults', () => {
  it('good boards hold the firmware and the identity the ledger holds for their MAC; a faulted board retried keeps its identity', async () => {
    const dir = copyExample();
    const loaded = await loadJob(dir, { passphrase: EXAMPLE_PASSPHRASE });
    const ledger = openLedger(join(dir, 'ledger.sqlite'));
    const ledgerJob = registerJobWithScheme(ledger, loaded.ledgerDefinition, loaded.serialScheme);
    const job = await benchJobFrom(loaded, ledgerJob, loaded.certificates.mode === 'issue' ? loaded.certificates.issuer : undefined);
    const template = join(dir, loaded.settings.nvs.template);
    const serialAt = serialEntry(readFileSync(template, 'utf8'), template)!;
    const seen: string[] = [];
    const firmware = (ctx: AppContext): string[] => {
      const value = findValue(readValues(decodeImage(ctx.readFlash(loaded.fctry.offset, loaded.fctry.size))), serialAt.namespace, serialAt.key);
      const line = `I (330) app: fctry ok serial=${value?.type === 'string' ? value.value : '?'}`;
      seen.push(line);
      return [line];
    };
    const chips: ChipName[] = ['esp32c3', 'esp32c3', 'esp32s3', 'esp32c3', 'esp32'];
    const boards: SimBoard[] = chips.map((chip, i) =>
      createSimBoard({ chip, consoleLines: firmware, ...(i === 3 ? { faults: SIM_FAULTS['flash-write-error'].specs } : {}) }),
    );
    const events: BenchEvent[] = [];
    const summary = await runBenchOnce({ job, ledger, ports: boards.map((board, i) => ({ path: plugIn(board).path, slot: `slot ${i + 1}`, binding: simBinding })), retries: 2, onEvent: (event) => events.push(event) });
    expect(summary.outcomes.map((outcome) => (outcome.result ? 'pass' : `${outcome.failure!.step}:${outcome.failure!.code}`))).toEqual(['pass', 'pass', 'identifying:wrong-chip', 'pass', 'identifying:wrong-chip']);

    const ca = new X509Certificate(loaded.certificates.mode === 'issue' ? loaded.certificates.caPem : '');
    for (const i of [0, 1, 3]) {
      const board = boards[i]!;
      const row = ledger.queries.findByMac(board.macAddress)!;
      expect(row.status).toBe('provisioned');
      for (const image of loaded.images) expect(Buffer.from(board.readFlash(image.offset, image.data.length)).equals(Buffer.from(image.data)), `${image.file} on board ${i}`).toBe(true);
      const values = readValues(decodeImage(board.readFlash(loaded.fctry.offset, loaded.fctry.size)));
      const text = (key: string) => {
        const value = findValue(values, 'fctry', key);
        return value?.type === 'string' ? value.value : undefined;
      };
      expect(text('serial_no')).toBe(row.serial);
      const certificate = new X509Certificate(text('cert')!);
      expect(certificate.fingerprint256.replace(/:/g, '').toLowerCase()).toBe(row.certFingerprint);
      expect(certificate.checkIssued(ca) && certificate.verify(ca.publicKey)).toBe(true);
      expect(createPublicKey(createPrivateKey(text('priv_key')!)).export({ type: 'spki', format: 'der' })).toEqual(certificate.publicKey.export({ type: 'spki', format: 'der' }));
      expect(seen).toContain(`I (330) app: fctry ok serial=${row.serial}`);
    }
    // The board whose first flash write failed was tried again with the serial it had been given.
    const retried = events.filter((event) => event.type === 'board-failed' && event.slot === 'slot 4');
    expect(retried).toMatchObject([{ step: 'flashing', willRetry: true }]);
    expect(ledger.queries.detail(boards[3]!.macAddress)!.identities).toHaveLength(1);
    expect(new Set([0, 1, 3].map((i) => ledger.queries.findByMac(boards[i]!.macAddress)!.serial)).size).toBe(3);
    ledger.close();
    expect(verifyLedger(join(dir, 'ledger.sqlite')).ok).toBe(true);
  });
});
