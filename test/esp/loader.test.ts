import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EspError, EspLoader, prepareImage, prepareImages, type EspProgress, type LoaderOptions } from '../../src/main/esp/index.js';
import { FakeBinding } from './helpers/fake-binding.js';
import type { BoardOptions } from './helpers/fake-board.js';

const PATH = '/dev/fake0';

async function connect(board: BoardOptions, options: LoaderOptions = {}, extra = {}) {
  const binding = new FakeBinding();
  const fake = binding.addBoard(PATH, board, extra);
  const events: EspProgress[] = [];
  const loader = await EspLoader.open({ path: PATH, binding, before: 'no-reset', onProgress: (e) => events.push(e), ...options });
  return { binding, fake, loader, events };
}

describe('EspLoader against a fake board', () => {
  it('connects, detects an ESP32-C3 by chip id, uploads the stub and reads the MAC', async () => {
    const { loader, fake } = await connect({ chip: 'esp32c3' });
    expect(loader.chip.name).toBe('esp32c3');
    expect(loader.stubRunning).toBe(true);
    expect(fake.mode).toBe('stub');
    expect((await loader.readMac()).text).toBe('34:85:de:00:be:ef');
    await loader.close();
  });

  it('flashes compressed with the stub, verifies, and reads it back', async () => {
    const { loader, fake, events } = await connect({ chip: 'esp32s3' });
    const data = Buffer.concat([randomBytes(5000), Buffer.alloc(40000, 7), Buffer.from([1, 2, 3])]);
    const image = await prepareImage({ offset: 0x10000, data });
    expect(image.compressed).not.toBeNull();
    await loader.flash([image]);
    expect(Buffer.from(fake.flash.subarray(0x10000, 0x10000 + data.length)).equals(data)).toBe(true);
    expect(fake.flash[0x10000 + data.length]).toBe(0xff);
    expect(fake.log).toContain(0x12);
    const back = await loader.readFlash(0x10000, data.length);
    expect(Buffer.from(back).equals(data)).toBe(true);
    expect(events.some((e) => e.type === 'region' && e.phase === 'write' && e.done === e.total)).toBe(true);
    await loader.finish('no-reset');
  });

  it('works in ROM-only mode: 1 KiB blocks, SPI_ATTACH, hex MD5, READ_FLASH_SLOW', async () => {
    const { loader, fake } = await connect({ chip: 'esp32' }, { stub: false });
    expect(loader.chip.name).toBe('esp32');
    expect(loader.stubRunning).toBe(false);
    const images = await prepareImages([
      { offset: 0x1000, data: randomBytes(3001) },
      { offset: 0x8000, data: Buffer.alloc(3072, 0x42) },
    ]);
    expect(images[0]!.compressed).toBeNull();
    await loader.flash(images);
    expect(fake.attachLength).toBe(8);
    expect(fake.beginLengths).toEqual([16, 16]);
    expect(fake.setParamsSize).toBe(4 * 1024 * 1024);
    const back = await loader.readFlash(0x1000, 100);
    expect(Buffer.from(back)).toEqual(Buffer.from(images[0]!.data.subarray(0, 100)));
    await loader.close();
  });

  it('names the offset and both hashes when verification fails', async () => {
    const { loader } = await connect({ chip: 'esp32c6', wrongMd5: true });
    const image = await prepareImage({ offset: 0x9000, data: Buffer.alloc(100, 1) });
    const error = await loader.flash([image]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EspError);
    expect(error).toMatchObject({ code: 'verify-mismatch', step: 'verify', port: PATH, details: { offset: 0x9000, expectedMd5: image.md5 } });
    expect((error as EspError).message).toContain('0x00009000');
    await loader.close();
  });
});
