// A bench in a child process, for the tests that kill it or run two at once.
// argv[2] is JSON: { file, mode: 'churn' | 'batch', macs?: number[], macRange?: number }.
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { Ledger } from '../../../src/main/ledger/index.js';
import { macOf, plainCounter } from '../counter.js';

interface Config {
  file: string;
  mode: 'churn' | 'batch';
  macs?: number[];
  macRange?: number;
}

const config = JSON.parse(process.argv[2]!) as Config;

function certificate() {
  const der = randomBytes(300);
  return { pem: `-----BEGIN CERTIFICATE-----\n${der.toString('base64')}\n-----END CERTIFICATE-----\n`, fingerprint: createHash('sha256').update(der).digest('hex') };
}

const ledger = Ledger.open(config.file, { create: true, actor: `worker ${process.pid}`, busyTimeoutMs: 60_000 });
const job = ledger.registerJob(
  { name: 'widget', serialScheme: { kind: 'counter', template: 'SN-{counter:06}' }, certMode: 'issue', definitionSha256: '0'.repeat(64) },
  { kind: 'counter', template: plainCounter(), start: 1 },
);

function provision(mac: number): { serial: string; fingerprint: string; reused: boolean } {
  const identity = ledger.bind(job, { mac: macOf(mac), chip: 'ESP32-C3', port: `/dev/ttyUSB${mac % 8}` });
  const attached = identity.certificate ?? ledger.attachCertificate(identity.allocationId, certificate());
  return { serial: identity.serial, fingerprint: attached.fingerprint, reused: identity.reused };
}

if (config.mode === 'batch') {
  for (const mac of config.macs ?? []) {
    process.stdout.write(`${JSON.stringify({ mac: macOf(mac), ...provision(mac) })}\n`);
  }
  ledger.close();
} else {
  process.stdout.write('ready\n');
  for (;;) {
    const mac = randomInt(1, (config.macRange ?? 400) + 1);
    const identity = ledger.bind(job, { mac: macOf(mac), port: `/dev/ttyUSB${mac % 8}` });
    if (!identity.certificate) ledger.attachCertificate(identity.allocationId, certificate());
    ledger.recordStep(identity.allocationId, { step: 'flash', outcome: 'ok', detail: { bytes: 1_572_864 } });
    const fate = randomInt(10);
    if (fate < 7) ledger.markProvisioned(identity.allocationId, { imageSha256: randomBytes(32).toString('hex') });
    else if (fate === 7) ledger.void(identity.allocationId, 'board scrapped');
    else ledger.recordStep(identity.allocationId, { step: 'verify', outcome: 'failed', detail: { error: 'md5 mismatch' } });
  }
}
