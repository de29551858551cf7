import { afterEach, describe, expect, it } from 'vitest';
import { EspLoader } from '../../src/main/esp/index.js';
import { CHIP_NAMES } from '../sim/index.js';
import { expectFlashHolds, prepare, PtyBoards, regionsFor } from './fixtures.js';

// Every chip, with the ROM loader and with the flasher stub, compressed and not: the client against
// simulated boards behind real pseudo-terminals, through the OS serial binding.

const boards = new PtyBoards();
afterEach(() => boards.closeAll());

const MODES = [
  { loader: 'stub', stub: true, compress: true, data: 'compressed' },
  { loader: 'stub', stub: true, compress: false, data: 'uncompressed' },
  { loader: 'ROM', stub: false, compress: true, data: 'compressed' },
  { loader: 'ROM', stub: false, compress: false, data: 'uncompressed' },
] as const;

/** Factory data in a partition the job does not write: it must survive. */
const KEEP_OFFSET = 0x3f0000;
const KEEP = Uint8Array.from({ length: 0x1000 }, (_, i) => (i * 7) & 0xff);

describe.each(CHIP_NAMES)('%s', (chip) => {
  it.each(MODES)('$loader, $data: detected, MAC, bootloader + partition table + NVS + app written, verified, read back', async ({ stub, compress }) => {
    const pty = boards.start({ chip });
    pty.board.loadFlash(KEEP_OFFSET, KEEP);
    const regions = regionsFor(chip, { seed: CHIP_NAMES.indexOf(chip) + 1 });
    const images = await prepare(regions, compress);

    // The stub runs at 921600 as a production line would; the ROM stays at 115200.
    const loader = await EspLoader.open({ path: pty.path, chip: 'auto', stub, ...(stub ? { baudRate: 921600 } : {}) });
    try {
      expect(loader.chip.name).toBe(chip);
      expect(loader.stubRunning).toBe(stub);
      expect((await loader.readMac()).text).toBe(pty.board.macAddress);
      await loader.flash(images);

      expectFlashHolds((offset, length) => pty.board.readFlash(offset, length), regions);
      const readBack = new Map<number, Uint8Array>();
      for (const region of regions) readBack.set(region.offset, await loader.readFlash(region.offset, region.data.length));
      expectFlashHolds((offset) => readBack.get(offset)!, regions);
      expect(pty.board.readFlash(KEEP_OFFSET, KEEP.length)).toEqual(KEEP);
    } finally {
      await loader.close();
    }
  });
});
