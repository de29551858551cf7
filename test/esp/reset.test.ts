import { MockBinding } from '@serialport/binding-mock';
import { SerialPortStream } from '@serialport/stream';
import { afterAll, describe, expect, it } from 'vitest';
import { connectBootloader } from '../../src/main/esp/connect.js';
import { EspError } from '../../src/main/esp/errors.js';
import { Protocol } from '../../src/main/esp/protocol.js';
import { classicReset, connectStrategies, hardReset, runReset, tightReset, usbJtagReset, type ResetStrategy } from '../../src/main/esp/reset.js';
import { DEFAULT_TIMEOUTS } from '../../src/main/esp/timeouts.js';
import { Transport } from '../../src/main/esp/transport.js';

type Lines = { dtr: boolean; rts: boolean };

/** binding-mock's ports, with every set() call recorded as serialport passes it. */
function recordingMock(failSet = false): { binding: typeof MockBinding; calls: Lines[]; waits: number[] } {
  const calls: Lines[] = [];
  const binding = {
    ...MockBinding,
    list: () => MockBinding.list(),
    open: async (options: Parameters<typeof MockBinding.open>[0]) => {
      const port = await MockBinding.open(options);
      const set = port.set.bind(port);
      port.set = async (flags) => {
        calls.push({ dtr: flags.dtr!, rts: flags.rts! });
        if (failSet) throw new Error('Error: Inappropriate ioctl for device, cannot set');
        return set(flags);
      };
      return port;
    },
  } as typeof MockBinding;
  return { binding, calls, waits: [] };
}

let portNumber = 0;
async function mockTransport(binding: typeof MockBinding): Promise<Transport> {
  const path = `/dev/mock-reset-${process.pid}-${portNumber++}`;
  MockBinding.createPort(path);
  const stream = new SerialPortStream({ binding, path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => stream.open((e) => (e ? reject(e) : resolve())));
  return new Transport(stream, path, { step: 'connect' });
}

afterAll(() => MockBinding.reset());

const L = (dtr: 0 | 1, rts: 0 | 1): Lines => ({ dtr: dtr === 1, rts: rts === 1 });

async function play(strategy: ResetStrategy): Promise<{ calls: Lines[]; waits: number[] }> {
  const { binding, calls } = recordingMock();
  const transport = await mockTransport(binding);
  const waits: number[] = [];
  expect(await runReset(transport, strategy, async (ms) => void waits.push(ms))).toBe(true);
  await transport.close();
  return { calls, waits };
}

describe('reset sequences as serialport sets the lines (binding-mock)', () => {
  it('classic: EN low with IO0 high, 100 ms, IO0 low then EN released, delay, IO0 released', async () => {
    const { calls, waits } = await play(classicReset(50));
    expect(calls).toEqual([L(0, 1), L(1, 1), L(1, 0), L(0, 0)]);
    expect(waits).toEqual([100, 50]);
  });

  it('tight: both lines per call, through both-asserted', async () => {
    const { calls, waits } = await play(tightReset(550));
    expect(calls).toEqual([L(0, 0), L(1, 1), L(0, 1), L(1, 0), L(0, 0)]);
    expect(waits).toEqual([100, 550]);
  });

  it('USB-Serial/JTAG: idle, DTR, RTS+DTR, RTS alone, idle', async () => {
    const { calls, waits } = await play(usbJtagReset());
    expect(calls).toEqual([L(0, 0), L(1, 0), L(1, 1), L(0, 1), L(0, 0)]);
    expect(waits).toEqual([100, 100, 100]);
  });

  it('hard reset after flashing: an RTS pulse with IO0 high, longer over the built-in USB', async () => {
    expect(await play(hardReset(false))).toEqual({ calls: [L(0, 1), L(0, 0)], waits: [100] });
    expect(await play(hardReset(true))).toEqual({ calls: [L(0, 1), L(0, 0)], waits: [200, 200] });
  });

  it('a port without modem lines stops the sequence at once and is not an error', async () => {
    const { binding, calls } = recordingMock(true);
    const transport = await mockTransport(binding);
    const waits: number[] = [];
    expect(await runReset(transport, tightReset(50), async (ms) => void waits.push(ms))).toBe(false);
    expect(calls).toHaveLength(1);
    expect(waits).toEqual([]);
    await transport.close();
  });
});

describe('which strategies connect attempts cycle through', () => {
  const names = (s: ResetStrategy[]): string[] => s.map((x) => x.name);
  it('POSIX: tight then classic, 50 and 550 ms', () => {
    expect(names(connectStrategies('default', false, 'linux'))).toEqual(['tight 50 ms', 'tight 550 ms', 'classic 50 ms', 'classic 550 ms']);
  });
  it('Windows: classic only', () => {
    expect(names(connectStrategies('default', false, 'win32'))).toEqual(['classic 50 ms', 'classic 550 ms']);
  });
  it('USB-Serial/JTAG by VID/PID or --before usb-reset; none with no-reset', () => {
    expect(names(connectStrategies('default', true, 'linux'))).toEqual(['usb-jtag']);
    expect(names(connectStrategies('usb-reset', false, 'darwin'))).toEqual(['usb-jtag']);
    expect(names(connectStrategies('no-reset', true, 'linux'))).toEqual(['none']);
  });

  it('attempts go round the strategies, then fail with no-answer (a silent mock port)', async () => {
    const { binding, calls } = recordingMock();
    const transport = await mockTransport(binding);
    const protocol = new Protocol(transport, { ...DEFAULT_TIMEOUTS, sync: 1 });
    const used: string[] = [];
    const error = await connectBootloader(protocol, {
      strategies: connectStrategies('default', false, 'linux'),
      attempts: 6,
      syncTries: 1,
      onAttempt: (_, s) => used.push(s.name),
      pause: async () => undefined,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspError);
    expect(error).toMatchObject({ code: 'no-answer', step: 'sync' });
    expect((error as EspError).hint).toContain('check the boot button and the cable, or try --before');
    expect(used).toEqual(['tight 50 ms', 'tight 550 ms', 'classic 50 ms', 'classic 550 ms', 'tight 50 ms', 'tight 550 ms']);
    expect(calls.length).toBe(5 + 5 + 4 + 4 + 5 + 5);
    await transport.close();
  });
});
