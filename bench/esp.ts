import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SerialPort } from 'serialport';
import { EspLoader, prepareImage, type PreparedImage, type SerialBinding } from '../src/main/esp/index.js';
import { BITS_PER_BYTE, SimClock, startPtyBoard, type PtyBoard } from '../test/sim/index.js';
import { APP_OFFSET, appLikeBytes, factoryNvs, NVS_OFFSET } from '../test/flasher/images.js';
import type { BenchContext } from './lib.js';

/**
 * The ESP flasher against simulated boards behind real pseudo-terminals (the OS serial binding),
 * paced by the simulator's timing model and measured in simulated time, read from the boards'
 * clock. The small NVS image is flashed in real time; the 1.5 MiB app and the 16 ports run at
 * BENCH_ESP_TIMESCALE real ms per simulated ms (default 0.4), to keep the whole under 3 minutes.
 * Figures only: nothing is asserted.
 */
export default async function espBenchmarks(ctx: BenchContext): Promise<void> {
  const timeScale = Number(process.env['BENCH_ESP_TIMESCALE'] ?? 0.4);
  const app = await prepareImage({ offset: APP_OFFSET, data: appLikeBytes(APP_SIZE, 1) });
  const nvs = await prepareImage({ offset: NVS_OFFSET, data: factoryNvs(1) });
  ctx.note(`Simulated ${CHIP} boards on pseudo-terminals; times are simulated ms, read from the boards' clock. The NVS runs are`);
  ctx.note(`paced in real time; the app runs and the ${PORTS} ports at timeScale ${timeScale} (${+(1 / timeScale).toFixed(2)}x faster), which stretches the`);
  ctx.note(`client's own real-time waits (its 5 ms settle after a baud change counts ${Math.round(5 / timeScale)} ms): take connect figures from the NVS runs.`);
  ctx.note(`app: ${describe(app)}, code-like bytes (a vocabulary of 32-bit words, random operands, string tables).`);
  ctx.note(`NVS: ${describe(nvs)}, a factory partition (serial, 1.4 KiB certificate, key).`);
  ctx.note('Bound = bytes on the wire x 10 bits / baud, where bytes on the wire = the data payload sent (compressed, as');
  ctx.note('the client always sends it here), without framing or commands. Write+verify = attach, erase, write, MD5 check.');
  ctx.note('Connect to first write = opening the port (no reset lines on a pty) to the first data block leaving the host.');

  let reference: Run | undefined;
  for (const [name, image] of [
    ['NVS 24 KiB', nvs],
    ['app 1.5 MiB', app],
  ] as const) {
    for (const stub of [false, true]) {
      for (const baud of BAUDS) {
        const run = await flashOne(new SimClock({ timeScale: image === nvs ? 1 : timeScale }), image, stub, baud, 0);
        const bound = wireBoundMs(image, baud);
        const label = `${name} ${stub ? 'stub' : 'ROM '} ${String(baud).padStart(6)}`;
        const goal = name.startsWith('app') && stub && baud === 921600 ? '  (goal <= 1.25x)' : '';
        ctx.report(`${label}: write+verify`, `${ms(run.flashMs)} = ${(run.flashMs / bound).toFixed(2)}x bound (${ms(bound)})${goal}`);
        ctx.report(`${label}: connect to first write`, `${ms(run.firstWriteMs)}${stub ? '  (goal < 300 ms)' : ''}`);
        if (name.startsWith('app') && stub && baud === 921600) reference = run;
      }
    }
  }
  if (reference) await parallel(ctx, timeScale, app, reference);
}

const CHIP = 'esp32c3';
const APP_SIZE = 1536 * 1024;
const BAUDS = [115200, 460800, 921600] as const;
const PORTS = 16;
const LOOP_SAMPLE_MS = 1;

interface Run {
  /** Simulated ms from opening the port to flash() returning (connect, write, verify). */
  jobMs: number;
  flashMs: number;
  firstWriteMs: number;
  startedAt: number;
  endedAt: number;
}

async function flashOne(clock: SimClock, image: PreparedImage, stub: boolean, baudRate: number, index: number): Promise<Run> {
  const pty: PtyBoard = startPtyBoard({ chip: CHIP, clock, seed: 1000 + index });
  try {
    let firstWrite = NaN;
    const binding = tapWrites(() => {
      if (Number.isNaN(firstWrite)) firstWrite = clock.touch();
    });
    const startedAt = clock.touch();
    const loader = await EspLoader.open({ path: pty.path, binding, stub, baudRate });
    const flashStart = clock.touch();
    await loader.flash([image]);
    const endedAt = clock.touch();
    await loader.finish('no-reset');
    return { jobMs: endedAt - startedAt, flashMs: endedAt - flashStart, firstWriteMs: firstWrite - startedAt, startedAt, endedAt };
  } finally {
    pty.close();
  }
}

/** 16 boards on one simulated timeline, each flashed the same prepared image at once. */
async function parallel(ctx: BenchContext, timeScale: number, app: PreparedImage, one: Run): Promise<void> {
  const clock = new SimClock({ timeScale });
  const delay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  delay.enable();
  const runs = await Promise.all(Array.from({ length: PORTS }, (_, i) => flashOne(clock, app, true, 921600, i + 1)));
  delay.disable();
  const span = Math.max(...runs.map((r) => r.endedAt)) - Math.min(...runs.map((r) => r.startedAt));
  const aggregate = (PORTS * app.data.length) / span;
  const single = app.data.length / one.jobMs;
  const label = `${PORTS} ports, app 1.5 MiB stub 921600`;
  ctx.report(`${label}: aggregate`, `${kibPerS(aggregate)} vs ${PORTS} x one port ${kibPerS(PORTS * single)} = ${((100 * aggregate) / (PORTS * single)).toFixed(0)}%  (goal >= 90%)`);
  ctx.report(`${label}: slowest port`, `${ms(Math.max(...runs.map((r) => r.jobMs)))} from open to verified (one port alone: ${ms(one.jobMs)})`);
  // The histogram holds the sampling interval plus the delay: take the interval off.
  const lateMs = (ns: number): string => Math.max(0, ns / 1e6 - LOOP_SAMPLE_MS).toFixed(1);
  ctx.report(`${label}: event-loop delay`, `p99 ${lateMs(delay.percentile(99))} ms, max ${lateMs(delay.max)} ms real  (goal p99 < 20 ms)`);
  ctx.note('The event-loop figures include the 16 simulated boards, which run in the same process as the client.');
}

/** The OS serial binding, with a look at every write: calls `onFlashData` when a data block goes out. */
function tapWrites(onFlashData: () => void): SerialBinding {
  const os = SerialPort.binding as unknown as { list: SerialBinding['list']; open(options: object): Promise<{ write(buffer: Buffer): Promise<void> }> };
  return {
    list: () => os.list(),
    async open(options) {
      const port = await os.open(options);
      const write = port.write.bind(port);
      port.write = (buffer: Buffer) => {
        if (startsDataFrame(buffer)) onFlashData();
        return write(buffer);
      };
      return port;
    },
  };
}

/** A SLIP frame opening with a request (0x00) for FLASH_DATA (0x03) or FLASH_DEFL_DATA (0x11); 0xC0 only ever delimits. */
function startsDataFrame(bytes: Buffer): boolean {
  for (let i = bytes.indexOf(0xc0); i >= 0 && i + 2 < bytes.length; i = bytes.indexOf(0xc0, i + 1)) {
    if (bytes[i + 1] === 0x00 && (bytes[i + 2] === 0x03 || bytes[i + 2] === 0x11)) return true;
  }
  return false;
}

const payload = (image: PreparedImage): number => (image.compressed ?? image.data).length;
const wireBoundMs = (image: PreparedImage, baud: number): number => (payload(image) * BITS_PER_BYTE * 1000) / baud;
const ms = (value: number): string => `${Math.round(value).toLocaleString('en-US')} ms`;
const kibPerS = (bytesPerMs: number): string => `${((bytesPerMs * 1000) / 1024).toFixed(1)} KiB/s`;
const describe = (image: PreparedImage): string =>
  `${image.data.length.toLocaleString('en-US')} B, ${payload(image).toLocaleString('en-US')} B compressed (${((100 * payload(image)) / image.data.length).toFixed(0)}%)`;
