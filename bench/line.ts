import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { prepareImages } from '../src/main/esp/index.js';
import { runBenchOnce, type BenchPort } from '../src/main/bench/engine.js';
import type { BenchJob } from '../src/main/bench/bench-job.js';
import { createCa, openCa } from '../src/main/identity/ca.js';
import { createIssuer } from '../src/main/identity/issue.js';
import { Ledger } from '../src/main/ledger/index.js';
import { compileSerialTemplate } from '../src/main/identity/serial-template.js';
import { chipSpec } from '../test/sim/index.js';
import { APP_OFFSET, appLikeBytes, partitionTable, PARTITION_TABLE_OFFSET } from '../test/flasher/images.js';
import { FCTRY, renderFctry } from '../test/bench/fixtures.js';
import type { BenchContext } from './lib.js';

const CHIP = 'esp32c3';
const BOARDS = 16;
const APP_SIZE = 1536 * 1024;

/**
 * The headless line: 16 simulated boards at 921600 baud, in real time (the
 * simulator's baud model), each getting a bootloader, a partition table, a
 * 1.5 MiB app and its own fctry image with an issued certificate, recorded in a
 * ledger. The boards run in another process (`factory-bench sim`, on
 * pseudo-terminals through the real serialport binding), so this process's CPU
 * is the bench's own.
 */
export default async function lineBenchmarks(ctx: BenchContext): Promise<void> {
  const passphrase = 'bench passphrase';
  const made = await createCa({ subject: 'CN=Bench CA', validityDays: 365, passphrase });
  const ca = await openCa({ certPem: made.certPem, keyPem: made.encryptedKeyPem, passphrase });
  const ledger = Ledger.open(join(ctx.tmp, 'ledger.sqlite'), { create: true, actor: 'bench' });
  const template = 'LINE-{counter:06}';
  const ledgerJob = ledger.registerJob(
    { name: 'line', serialScheme: { kind: 'counter', template }, certMode: 'issue', definitionSha256: '6'.repeat(64) },
    { kind: 'counter', template: compileSerialTemplate(template), start: 1 },
  );
  const preparing = performance.now();
  const firmware = await prepareImages([
    { offset: chipSpec(CHIP).bootloaderOffset, data: appLikeBytes(20 * 1024, 3) },
    { offset: PARTITION_TABLE_OFFSET, data: partitionTable(APP_SIZE) },
    { offset: APP_OFFSET, data: appLikeBytes(APP_SIZE, 4) },
  ]);
  ctx.note(`firmware compressed once for the job in ${Math.round(performance.now() - preparing)} ms: ${firmware.map((image) => `${image.data.length} B -> ${image.compressed?.length ?? image.data.length} B`).join(', ')}`);
  const job: BenchJob = {
    name: 'line',
    chip: CHIP,
    baud: 921_600,
    reset: 'default',
    firmware,
    fctry: FCTRY,
    renderFctry,
    ledgerJob,
    certificates: { mode: 'issue', issuer: createIssuer(ca, { subject: 'CN={serial}', validityDays: 3650 }), caPem: ca.certPem },
  };
  try {
    const single = await runLine(ctx, job, ledger, 1);
    const all = await runLine(ctx, job, ledger, BOARDS);
    const efficiency = single.ms / all.ms;
    ctx.report('one board alone, connect to recorded', `${(single.ms / 1000).toFixed(2)} s`);
    ctx.report(`${BOARDS} boards at once`, `${(all.ms / 1000).toFixed(2)} s, ${all.pass}/${BOARDS} passed`);
    ctx.report('boards per hour (16 ports, continuous)', `${Math.round((BOARDS * 3_600_000) / all.ms).toLocaleString('en-US')}`);
    ctx.report('parallel efficiency (16 x one board / run / 16)  (goal >= 90%)', `${(efficiency * 100).toFixed(1)} %`);
    ctx.report('event loop delay during the 16-board run: p99  (goal < 20 ms)', `${all.loopP99.toFixed(1)} ms (max ${all.loopMax.toFixed(1)} ms)`);
    ctx.report('host CPU per board, share of its wall time  (goal < 5%)', `${((all.cpuMs / BOARDS / all.ms) * 100).toFixed(2)} % (process total ${(all.cpuMs / all.ms * 100).toFixed(1)} % of one core)`);
  } finally {
    ledger.close();
  }
}

async function startSimulator(ctx: BenchContext, count: number): Promise<{ child: ChildProcess; ports: string[] }> {
  const child = spawn(process.execPath, [join(ctx.root, 'bin', 'factory-bench.mjs'), 'sim', '--chip', CHIP, '--count', String(count), '--baud-model'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ports: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  for await (const line of lines) {
    const match = / ready on (\S+)/.exec(line);
    if (match) ports.push(match[1]!);
    if (ports.length === count) break;
  }
  return { child, ports };
}

async function runLine(ctx: BenchContext, job: BenchJob, ledger: Ledger, count: number) {
  const { child, ports } = await startSimulator(ctx, count);
  try {
    const benchPorts: BenchPort[] = ports.map((path, i) => ({ path, slot: `slot ${i + 1}` }));
    const loop = monitorEventLoopDelay({ resolution: 5 });
    const cpu = process.cpuUsage();
    loop.enable();
    const summary = await runBenchOnce({ job, ledger, ports: benchPorts, retries: 0 });
    loop.disable();
    const used = process.cpuUsage(cpu);
    for (const outcome of summary.outcomes) if (outcome.failure) ctx.note(`${outcome.port}: ${outcome.failure.step}: ${outcome.failure.message}`);
    return { ms: summary.ms, pass: summary.pass, cpuMs: (used.user + used.system) / 1000, loopP99: loop.percentile(99) / 1e6, loopMax: loop.max / 1e6 };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}
