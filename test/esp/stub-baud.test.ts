import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EspLoader, prepareImage, type SerialBinding } from '../../src/main/esp/index.js';
import { forgetStubBaudPaths } from '../../src/main/esp/stub-baud.js';
import { createSimBoard, plugIn, simBinding, unplugAll, type FaultSpec, type SimBoard } from '../sim/index.js';

// With --baud above 115200 the ROM is switched first and the stub uploaded at the high rate; when
// the stub does not answer there, the client resets, uploads it at 115200 and changes the baud
// through the stub, and remembers that for the stub file.

afterEach(() => {
  unplugAll();
  forgetStubBaudPaths();
});

const TIMING = { timeScale: 0.05 };
const MEM_DATA = 0x07;
const CHANGE_BAUDRATE = 0x0f;

/** The simulated binding, noting the board's baud rate whenever the host sends a request with the given opcode. */
function watching(board: () => SimBoard, ops: readonly number[]): { binding: SerialBinding; seen: { op: number; baud: number }[] } {
  const seen: { op: number; baud: number }[] = [];
  const binding: SerialBinding = {
    list: () => simBinding.list(),
    async open(options) {
      const port = (await simBinding.open(options as Parameters<typeof simBinding.open>[0])) as { write(buffer: Buffer): Promise<void> };
      const write = port.write.bind(port);
      port.write = (buffer: Buffer) => {
        for (let i = buffer.indexOf(0xc0); i >= 0 && i + 2 < buffer.length; i = buffer.indexOf(0xc0, i + 1)) {
          if (buffer[i + 1] === 0x00 && ops.includes(buffer[i + 2]!)) seen.push({ op: buffer[i + 2]!, baud: board().baud });
        }
        return write(buffer);
      };
      return port;
    },
  };
  return { binding, seen };
}

function setup(chip: 'esp32c3' | 'esp32s3', faults: readonly FaultSpec[] = []) {
  const port = plugIn(createSimBoard({ chip, timing: TIMING, faults }));
  const { binding, seen } = watching(() => port.board, [MEM_DATA, CHANGE_BAUDRATE]);
  const steps: string[] = [];
  const open = () =>
    EspLoader.open({ path: port.path, binding, baudRate: 921600, timeouts: { stubHello: 300 }, onProgress: (e) => e.type === 'step' && steps.push(e.message) });
  return { port, seen, steps, open };
}

async function writeSome(loader: EspLoader, board: SimBoard): Promise<void> {
  const data = randomBytes(30000);
  await loader.flash([await prepareImage({ offset: 0x10000, data })]);
  expect(Buffer.from(board.readFlash(0x10000, data.length)).equals(data)).toBe(true);
}

describe('the stub at a higher baud rate', () => {
  it('fast path: CHANGE_BAUDRATE in the ROM, then the stub is uploaded at 921600 and stays there', async () => {
    const { port, seen, steps, open } = setup('esp32c3');
    const loader = await open();
    expect(loader.stubRunning).toBe(true);
    expect(loader.baudRate).toBe(921600);
    // One CHANGE_BAUDRATE, sent to the ROM at 115200; every MEM_DATA at 921600.
    expect(seen.filter((s) => s.op === CHANGE_BAUDRATE)).toEqual([{ op: CHANGE_BAUDRATE, baud: 115200 }]);
    const memData = seen.filter((s) => s.op === MEM_DATA);
    expect(memData.length).toBeGreaterThan(0);
    expect(memData.every((s) => s.baud === 921600)).toBe(true);
    expect(steps).toContain('flasher stub running at 921600 baud');
    await writeSome(loader, port.board);
    await loader.finish('no-reset');
  });

  it('fallback: no OHAI at 921600 -> reset, stub at 115200, baud changed through the stub; remembered for the next connect', async () => {
    const { port, seen, steps, open } = setup('esp32s3', [{ kind: 'noHello' }]);
    const loader = await open();
    expect(loader.stubRunning).toBe(true);
    expect(loader.baudRate).toBe(921600);
    expect(port.board.baud).toBe(921600);
    expect(steps.some((s) => s.startsWith('stub path: no answer from the stub at 921600 baud'))).toBe(true);
    // The first upload went at 921600 (and died), the second at 115200; then the stub changed the baud.
    const memData = seen.filter((s) => s.op === MEM_DATA).map((s) => s.baud);
    expect(memData[0]).toBe(921600);
    expect(memData[memData.length - 1]).toBe(115200);
    expect(seen.filter((s) => s.op === CHANGE_BAUDRATE).map((s) => s.baud)).toEqual([115200, 115200]);
    await writeSome(loader, port.board);
    await loader.finish('hard-reset');

    // Same stub file again: straight to the slow path, no fault needed.
    seen.length = 0;
    steps.length = 0;
    const again = await open();
    expect(steps).toContain('stub path: upload at 115200 baud, then change the baud rate through the stub');
    expect(seen.filter((s) => s.op === MEM_DATA).every((s) => s.baud === 115200)).toBe(true);
    expect(again.baudRate).toBe(921600);
    await writeSome(again, port.board);
    await again.finish('no-reset');
  });

  it('a permanent stub failure still ends in stub-no-hello', async () => {
    const { open } = setup('esp32c3', [{ kind: 'noHello', times: Infinity }]);
    const error = await open().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'stub-no-hello', step: 'stub' });
  });
});
