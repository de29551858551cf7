import { createHash } from 'node:crypto';
import { EspLoader, prepareImage, type SerialBinding } from '../esp/index.js';
import { openSerialPort } from '../esp/port.js';
import { loadPoolKey, type PoolEntry } from '../identity/cert-pool.js';
import type { Identity, Ledger } from '../ledger/index.js';
import type { BenchJob, FctryValues } from './bench-job.js';
import { BoardFailure } from './board-failure.js';
import { waitForConsoleLine } from './console-check.js';
import type { BenchListener, BoardFacts, Step } from './events.js';

export interface BoardRun {
  port: string;
  slot: string;
  binding?: SerialBinding;
  attempt: number;
  /** Device keys issued in this session, by allocation: a retry reuses the key with its certificate. Memory only. */
  issuedKeys: Map<number, string>;
}

export interface BoardResult {
  mac: string;
  serial: string;
  chip: string;
  reused: boolean;
}

/**
 * One board's way through the bench: connect, identify, bind its identity in
 * the ledger, build its fctry image, flash and verify everything, check its
 * console, record it as provisioned. Every step after the binding is recorded
 * in the ledger; a failure is a BoardFailure naming the step.
 */
export async function provisionBoard(job: BenchJob, ledger: Ledger, run: BoardRun, emit: BenchListener): Promise<BoardResult> {
  const facts: BoardFacts = {};
  let step: Step = 'connecting';
  let allocationId: number | undefined;
  const enter = (next: Step) => {
    step = next;
    emit({ type: 'step', port: run.port, slot: run.slot, step, attempt: run.attempt, at: Date.now(), ...facts });
  };
  enter('connecting');
  const stream = await openSerialPort(run.port, 115_200, run.binding).catch((error: unknown) => {
    throw BoardFailure.from(error, 'connecting', facts);
  });
  try {
    const loader = await EspLoader.connectStream(stream, run.port, {
      baudRate: job.baud,
      before: job.reset,
      onProgress: (event) => {
        if (event.type === 'region' && (event.phase === 'write' || event.phase === 'verify')) {
          emit({ type: 'progress', port: run.port, slot: run.slot, phase: event.phase, done: event.done, total: event.total });
        }
      },
    });
    try {
      enter('identifying');
      facts.chip = loader.chip.name;
      if (job.chip && loader.chip.name !== job.chip) {
        throw new BoardFailure('identifying', 'wrong-chip', `the board is an ${loader.chip.label}; job "${job.name}" is for ${job.chip}`, 'put this board on a bench running a job for its chip', facts, false);
      }
      facts.mac = (await loader.readMac()).text;

      enter('allocating');
      const identity = ledger.bind(job.ledgerJob, { mac: facts.mac, chip: loader.chip.name, port: run.port });
      allocationId = identity.allocationId;
      facts.serial = identity.serial;
      const values = await identityValues(job, ledger, identity, run.issuedKeys);

      enter('building');
      const fctry = job.renderFctry(values);
      const fctryImage = await prepareImage({ offset: job.fctry.offset, data: fctry });
      ledger.recordStep(identity.allocationId, { step: 'building', outcome: 'ok', port: run.port, detail: { bytes: fctry.length } });

      enter('flashing');
      await loader.flash([...job.firmware, fctryImage]);
      ledger.recordStep(identity.allocationId, { step: 'flashing', outcome: 'ok', port: run.port, detail: { images: job.firmware.length + 1, verified: 'md5' } });

      if (job.check) {
        enter('checking');
        const expected = job.check.pattern.replaceAll('{{serial}}', identity.serial).replaceAll('{{mac}}', facts.mac);
        await new Promise<void>((resolve, reject) => stream.update({ baudRate: job.check!.baud }, (error) => (error ? reject(error) : resolve())));
        const line = waitForConsoleLine(stream, expected, job.check.timeoutMs);
        await loader.reset('hard-reset');
        await loader.close();
        const seen = await line.catch((error: unknown) => {
          throw new BoardFailure('checking', 'check-failed', (error as Error).message, 'the firmware did not confirm its identity: check the template, the firmware, and that the board boots', facts, true);
        });
        ledger.recordStep(identity.allocationId, { step: 'checking', outcome: 'ok', port: run.port, detail: { line: seen } });
      } else {
        await loader.finish('hard-reset');
      }

      enter('recording');
      ledger.markProvisioned(identity.allocationId, { imageSha256: createHash('sha256').update(fctry).digest('hex'), port: run.port });
      run.issuedKeys.delete(identity.allocationId);
      return { mac: facts.mac, serial: identity.serial, chip: loader.chip.name, reused: identity.reused };
    } finally {
      await loader.close().catch(() => undefined);
    }
  } catch (error) {
    const failure = BoardFailure.from(error, step, facts);
    if (allocationId !== undefined) {
      try {
        ledger.recordStep(allocationId, { step, outcome: 'failed', port: run.port, detail: { code: failure.code, error: failure.message } });
      } catch {
        // The ledger itself failing is reported by the failure being thrown.
      }
    }
    throw failure;
  } finally {
    if (stream.isOpen) await new Promise<void>((resolve) => stream.close(() => resolve()));
  }
}

/** The board's certificate and key: from the pool, issued now, or (a retry in this session) the key issued before. */
async function identityValues(job: BenchJob, ledger: Ledger, identity: Identity, issuedKeys: Map<number, string>): Promise<FctryValues> {
  const base = { serial: identity.serial, mac: identity.mac };
  const certificates = job.certificates;
  if (certificates.mode === 'none') return base;
  if (certificates.mode === 'pool') {
    const certificate = identity.certificate!;
    const keyPem = await loadPoolKey({ certPem: certificate.pem, fingerprint: certificate.fingerprint, publicKeySha256: certificate.publicKeySha256!, keyRef: certificate.keyRef } as PoolEntry);
    return { ...base, certPem: certificate.pem, keyPem, ...(certificates.caPem ? { caPem: certificates.caPem } : {}) };
  }
  const known = identity.certificate;
  const keptKey = issuedKeys.get(identity.allocationId);
  if (known && keptKey) return { ...base, certPem: known.pem, keyPem: keptKey, caPem: certificates.caPem };
  const issued = await certificates.issuer.issue({ serial: identity.serial, mac: identity.mac, job: job.name });
  const record = { pem: issued.certPem, fingerprint: issued.fingerprint, notAfter: issued.notAfter.toISOString() };
  if (known) {
    // A board back from an earlier session: its key was never kept, so its serial gets a new certificate.
    ledger.replaceCertificate(job.ledgerJob, identity.allocationId, 'rework: the device key is not kept, so the serial gets a new certificate', record);
  } else {
    ledger.attachCertificate(identity.allocationId, record);
  }
  issuedKeys.set(identity.allocationId, issued.keyPem);
  return { ...base, certPem: issued.certPem, keyPem: issued.keyPem, caPem: certificates.caPem };
}
