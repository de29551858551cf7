import { parseNvsCsv } from '../../src/shared/nvs/csv.js';
import { decodeImage, findValue, readValues } from '../../src/shared/nvs/decode/index.js';
import { encodeNvs } from '../../src/shared/nvs/encoder.js';
import { rowsToItems } from '../../src/shared/nvs/rows.js';
import { nodeCrypto } from '../../src/main/nvs/node-crypto.js';
import { prepareImages, type ChipName } from '../../src/main/esp/index.js';
import type { BenchJob, FctryValues } from '../../src/main/bench/bench-job.js';
import type { Ledger } from '../../src/main/ledger/index.js';
import { createIssuer } from '../../src/main/identity/issue.js';
import type { LoadedCa } from '../../src/main/identity/ca.js';
import { plainCounter } from '../ledger/counter.js';
import { regionsFor } from '../flasher/fixtures.js';
import type { AppContext } from '../sim/index.js';

export const FCTRY = { offset: 0x340000, size: 0x6000 };

const quote = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** The fctry image of one board: what the job's template would give. */
export function renderFctry(values: FctryValues): Uint8Array {
  const csv = [
    'key,type,encoding,value',
    'fctry,namespace,,',
    `serial_no,data,string,${quote(values.serial)}`,
    `mac,data,string,${quote(values.mac)}`,
    ...(values.certPem ? [`cert,data,string,${quote(values.certPem)}`, `priv_key,data,string,${quote(values.keyPem!)}`, `ca,data,string,${quote(values.caPem ?? '')}`] : []),
  ].join('\n');
  const items = rowsToItems(parseNvsCsv(csv, 'fctry.csv'), { readFile: () => new Uint8Array(), crypto: nodeCrypto });
  return encodeNvs(items, { size: FCTRY.size, version: 2 });
}

/** What the firmware in these tests prints after boot: the serial it finds in its fctry partition. */
export function firmwareConsole(ctx: AppContext): string[] {
  const values = readValues(decodeImage(ctx.readFlash(FCTRY.offset, FCTRY.size)));
  const serial = findValue(values, 'fctry', 'serial_no');
  return ['I (310) app: starting', serial?.type === 'string' ? `I (320) fctry: ok serial=${serial.value}` : 'E (320) fctry: no serial'];
}

export async function benchJob(ledger: Ledger, options: { chip: ChipName; ca?: LoadedCa; check?: boolean }): Promise<BenchJob> {
  const certificates = options.ca
    ? { mode: 'issue' as const, issuer: createIssuer(options.ca, { subject: 'CN={serial}, O=ACME', validityDays: 3650 }), caPem: options.ca.certPem }
    : { mode: 'none' as const };
  const ledgerJob = ledger.registerJob(
    { name: 'widget', serialScheme: { kind: 'counter', template: 'W-{counter:05}' }, certMode: options.ca ? 'issue' : 'none', definitionSha256: '5'.repeat(64) },
    { kind: 'counter', template: plainCounter('W-', 5), start: 1 },
  );
  return {
    name: 'widget',
    chip: options.chip,
    baud: 921_600,
    reset: 'default',
    firmware: await prepareImages(regionsFor(options.chip, { seed: 42 })),
    fctry: FCTRY,
    renderFctry,
    ledgerJob,
    certificates,
    ...(options.check === false ? {} : { check: { pattern: 'fctry: ok serial={{serial}}', timeoutMs: 5000, baud: 115_200 } }),
  };
}
