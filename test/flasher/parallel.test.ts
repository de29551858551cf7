import { afterEach, describe, expect, it } from 'vitest';
import { EspError, EspLoader, type EspErrorCode } from '../../src/main/esp/index.js';
import { SIM_FAULTS, type SimFaultName } from '../../src/main/cli/sim-faults.js';
import { CHIP_NAMES } from '../sim/index.js';
import { expectFlashHolds, FAULT_TIMEOUTS, prepare, PtyBoards, regionsFor } from './fixtures.js';

const boards = new PtyBoards();
afterEach(() => boards.closeAll());

/** Which of the 8 ports get a fault, and the error each must end in. */
const FAULTED: Partial<Record<number, { fault: SimFaultName; code: EspErrorCode }>> = {
  1: { fault: 'flash-write-error', code: 'flash-write-failed' },
  4: { fault: 'md5-mismatch', code: 'verify-mismatch' },
  6: { fault: 'unplug', code: 'port-gone' },
};

describe('8 ports at once from one process', () => {
  it('the good boards all get their own images, verified; the faulted ones fail with their own errors', async () => {
    const ports = Array.from({ length: 8 }, (_, i) => {
      const chip = CHIP_NAMES[i % CHIP_NAMES.length]!;
      const fault = FAULTED[i]?.fault;
      const pty = boards.start({ chip, ...(fault ? { faults: SIM_FAULTS[fault].specs } : {}) });
      // A different image for every board: cross-talk would put one board's bytes in another's flash.
      return { chip, pty, regions: regionsFor(chip, { seed: 100 + i }) };
    });

    const results = await Promise.allSettled(
      ports.map(async ({ pty, regions }, i) => {
        const images = await prepare(regions);
        const loader = await EspLoader.open({ path: pty.path, baudRate: 921600, stub: i % 2 === 0, timeouts: FAULT_TIMEOUTS });
        try {
          const mac = (await loader.readMac()).text;
          await loader.flash(images);
          return mac;
        } finally {
          await loader.close();
        }
      }),
    );

    results.forEach((result, i) => {
      const { pty, regions } = ports[i]!;
      const expected = FAULTED[i];
      if (expected) {
        expect(result.status, `port ${i}`).toBe('rejected');
        const error = (result as PromiseRejectedResult).reason as EspError;
        expect(error).toBeInstanceOf(EspError);
        expect({ code: error.code, port: error.port }, `port ${i}`).toEqual({ code: expected.code, port: pty.path });
      } else {
        expect(result, `port ${i}`).toEqual({ status: 'fulfilled', value: pty.board.macAddress });
        expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
      }
    });
  });
});
