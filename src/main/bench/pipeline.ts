import { createHash } from 'node:crypto';
import { EspError, EspLoader, prepareImage, type SerialBinding, type SerialStream } from '../esp/index.js';
import { openSerialPort } from '../esp/port.js';
import { loadPoolKey, type PoolEntry } from '../identity/cert-pool.js';
import type { Identity, Ledger } from '../ledger/index.js';
import { PrinterError, printLabel } from '../labels/index.js';
import type { BenchJob, FctryValues } from './bench-job.js';
import { BoardFailure } from './board-failure.js';
import { keyForCertificate } from './recover-key.js';
import { waitForConsoleLine } from './console-check.js';
import type { BenchListener, BoardFacts, Step } from './events.js';

export interface BoardRun {
  port: string;
  slot: string;
  binding?: SerialBinding;
  attempt: number;
  /** Device keys issued in this session, by allocation: a retry reuses the key with its certificate. Memory only. */
  issuedKeys: Map<number, string>;
  /** Stops the board at its next step; a serial operation in progress (connecting, flashing, the console check) stops at once. */
  signal?: AbortSignal;
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
 * in the ledger; a failure is a BoardFailure naming the step. A board stopped
 * by the signal fails with code `stopped`, its identity left pending.
 */
export async function provisionBoard(job: BenchJob, ledger: Ledger, run: BoardRun, emit: BenchListener): Promise<BoardResult> {
  const facts: BoardFacts = {};
  let step: Step = 'connecting';
  let allocationId: number | undefined;
  let stream: SerialStream | undefined;
  let loader: EspLoader | undefined;
  const enter = (next: Step) => {
    if (run.signal?.aborted) throw BoardFailure.stopped(next, false, facts);
    step = next;
    emit({ type: 'step', port: run.port, slot: run.slot, step, attempt: run.attempt, at: Date.now(), ...facts });
  };
  // The loader has no abort of its own: closing the connection fails the operation in progress
  // (a read waiting for its answer, the next write) with port-gone, which is then told as a stop.
  const interrupt = () => {
    if (loader) void loader.close().catch(() => undefined);
    else if (stream?.isOpen) stream.close(() => undefined);
  };
  run.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    enter('connecting');
    stream = await openSerialPort(run.port, 115_200, run.binding).catch((error: unknown) => {
      throw BoardFailure.from(error, 'connecting', facts);
    });
    const port = stream;
    if (run.signal?.aborted) throw BoardFailure.stopped('connecting', false, facts);
    loader = await EspLoader.connectStream(port, run.port, {
      baudRate: job.baud,
      before: job.reset,
      onProgress: (event) => {
        if (event.type === 'region' && (event.phase === 'write' || event.phase === 'verify')) {
          emit({ type: 'progress', port: run.port, slot: run.slot, phase: event.phase, done: event.done, total: event.total });
        }
      },
    });
    const board = loader;
    try {
      enter('identifying');
      facts.chip = board.chip.name;
      if (job.chip && board.chip.name !== job.chip) {
        throw new BoardFailure('identifying', 'wrong-chip', `the board is an ${board.chip.label}; job "${job.name}" is for ${job.chip}`, 'put this board on a bench running a job for its chip', facts, false);
      }
      facts.mac = (await board.readMac()).text;

      enter('allocating');
      const identity = ledger.bind(job.ledgerJob, { mac: facts.mac, chip: board.chip.name, port: run.port });
      allocationId = identity.allocationId;
      facts.serial = identity.serial;
      const readBack = async () => (job.fctryEncrypted ? undefined : board.readFlash(job.fctry.offset, job.fctry.size));
      const values = await identityValues(job, ledger, identity, run.issuedKeys, readBack);

      enter('building');
      const fctry = job.renderFctry(values);
      const fctryImage = await prepareImage({ offset: job.fctry.offset, data: fctry });
      ledger.recordStep(identity.allocationId, { step: 'building', outcome: 'ok', port: run.port, detail: { bytes: fctry.length } });

      enter('flashing');
      await board.flash([...job.firmware, fctryImage]);
      ledger.recordStep(identity.allocationId, { step: 'flashing', outcome: 'ok', port: run.port, detail: { images: job.firmware.length + 1, verified: 'md5' } });

      if (job.check) {
        const check = job.check;
        enter('checking');
        const expected = check.pattern.replaceAll('{{serial}}', identity.serial).replaceAll('{{mac}}', facts.mac);
        await new Promise<void>((resolve, reject) => port.update({ baudRate: check.baud }, (error) => (error ? reject(error) : resolve())));
        const line = waitForConsoleLine(port, expected, check.timeoutMs, run.signal);
        // Awaited below; until then a failing reset must not leave its rejection unhandled.
        line.catch(() => undefined);
        await board.reset('hard-reset');
        await board.close();
        const seen = await line.catch((error: unknown) => {
          if (run.signal?.aborted) throw error;
          throw new BoardFailure('checking', 'check-failed', (error as Error).message, 'the firmware did not confirm its identity: check the template, the firmware, and that the board boots', facts, true);
        });
        ledger.recordStep(identity.allocationId, { step: 'checking', outcome: 'ok', port: run.port, detail: { line: seen } });
      } else {
        await board.finish('hard-reset');
      }

      // Not a step the signal stops: the board has passed, and recording it is one transaction.
      step = 'recording';
      emit({ type: 'step', port: run.port, slot: run.slot, step, attempt: run.attempt, at: Date.now(), ...facts });
      ledger.markProvisioned(identity.allocationId, { imageSha256: createHash('sha256').update(fctry).digest('hex'), port: run.port });
      run.issuedKeys.delete(identity.allocationId);
      if (job.label) {
        step = 'labelling';
        emit({ type: 'step', port: run.port, slot: run.slot, step, attempt: run.attempt, at: Date.now(), ...facts });
        await printBoardLabel(job.label, ledger, identity.serial, identity.reused, facts);
      }
      return { mac: facts.mac, serial: identity.serial, chip: board.chip.name, reused: identity.reused };
    } finally {
      await board.close().catch(() => undefined);
    }
  } catch (error) {
    const stopped = !(error instanceof BoardFailure) && run.signal?.aborted === true && interrupted(error, run.signal);
    const failure = stopped ? BoardFailure.stopped(step, true, facts) : BoardFailure.from(error, step, facts);
    if (allocationId !== undefined) {
      try {
        ledger.recordStep(allocationId, { step: failure.step, outcome: 'failed', port: run.port, detail: { code: failure.code, error: failure.message } });
      } catch {
        // The ledger itself failing is reported by the failure being thrown.
      }
    }
    throw failure;
  } finally {
    run.signal?.removeEventListener('abort', interrupt);
    const port = stream;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

/** What closing the connection under a step, or the signal itself, ends the step with. */
function interrupted(error: unknown, signal: AbortSignal): boolean {
  if (error instanceof EspError) return error.code === 'port-gone';
  return error === signal.reason || (error instanceof Error && error.name === 'AbortError');
}

/**
 * The board's certificate and key: from the pool; for an issuing job, the key issued earlier in
 * this session (a retry), or the key still on the board (rework), or else a new certificate.
 */
async function identityValues(
  job: BenchJob,
  ledger: Ledger,
  identity: Identity,
  issuedKeys: Map<number, string>,
  readFctry: () => Promise<Uint8Array | undefined>,
): Promise<FctryValues> {
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
  if (known) {
    const image = await readFctry();
    const onBoard = image && keyForCertificate(image, known.pem);
    if (onBoard) {
      issuedKeys.set(identity.allocationId, onBoard);
      return { ...base, certPem: known.pem, keyPem: onBoard, caPem: certificates.caPem };
    }
  }
  const issued = await certificates.issuer.issue({ serial: identity.serial, mac: identity.mac, job: job.name });
  const record = { pem: issued.certPem, fingerprint: issued.fingerprint, subject: issued.subject, notAfter: issued.notAfter.toISOString() };
  if (known) {
    // Back from an earlier session without its key on it (the ledger never keeps keys): the serial gets a new certificate.
    ledger.replaceCertificate(job.ledgerJob, identity.allocationId, 'rework: the board no longer holds the key of its certificate', record);
  } else {
    ledger.attachCertificate(identity.allocationId, record);
  }
  issuedKeys.set(identity.allocationId, issued.keyPem);
  return { ...base, certPem: issued.certPem, keyPem: issued.keyPem, caPem: certificates.caPem };
}

/**
 * The board's label, from its ledger record (the print is recorded there too). The board is
 * provisioned by now: a printer problem fails this step only, and the label can be printed later.
 */
async function printBoardLabel(label: NonNullable<BenchJob['label']>, ledger: Ledger, serial: string, reworked: boolean, facts: BoardFacts): Promise<void> {
  try {
    await printLabel({ ledger, term: serial, printer: label.printer, template: label.template, ...(label.constants ? { constants: label.constants } : {}), ...(reworked ? { reason: 'provisioned again on the bench (rework)' } : {}) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const hint = `${error instanceof PrinterError ? `${error.hint}; ` : ''}the board is provisioned: print its label with factory-bench label print ${serial} --printer ${label.printer.name}`;
    throw new BoardFailure('labelling', error instanceof PrinterError ? `printer-${error.condition}` : 'label-failed', message, hint, facts, false);
  }
}
