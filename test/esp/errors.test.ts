import { describe, expect, it } from 'vitest';
import { EspError, espError, hintFor } from '../../src/main/esp/errors.js';

describe('error hints in plain words', () => {
  it('no answer', () => {
    expect(hintFor('no-answer')).toMatch(/^check the boot button and the cable, or try --before/);
  });

  it('no answer, but the boot log tells more', () => {
    expect(hintFor('no-answer', { bootLog: 'rst:0x1 (POWERON_RESET),boot:0x13 (SPI_FAST_FLASH_BOOT)' })).toMatch(/booted but not into download mode/);
    expect(hintFor('no-answer', { bootLog: 'boot:0x3 (DOWNLOAD_BOOT(UART0))\nwaiting for download' })).toMatch(/in download mode but does not answer/);
  });

  it('wrong chip names both', () => {
    expect(hintFor('wrong-chip', { expectedChip: 'esp32c3', actualChip: 'esp32s3' })).toMatch(/^the job expects esp32c3, the board is esp32s3/);
  });

  it('verify mismatch names the offset', () => {
    expect(hintFor('verify-mismatch', { offset: 0x10000 })).toMatch(/at 0x00010000 /);
  });

  it('port gone', () => {
    expect(hintFor('port-gone')).toBe('the board was unplugged or the cable is loose');
  });

  it('every code has a hint', () => {
    for (const code of ['no-answer', 'timeout', 'wrong-chip', 'unknown-chip', 'verify-mismatch', 'port-gone', 'port-open-failed', 'flash-write-failed', 'stub-no-hello', 'device-error', 'protocol', 'unsupported', 'invalid-argument'] as const) {
      expect(hintFor(code).length).toBeGreaterThan(10);
    }
  });

  it('an EspError carries code, step, port, hint and details', () => {
    const error = espError('verify-mismatch', 'verify', '/dev/ttyUSB3', 'verify failed', { offset: 0x8000, expectedMd5: 'a', actualMd5: 'b' });
    expect(error).toBeInstanceOf(EspError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'EspError', code: 'verify-mismatch', step: 'verify', port: '/dev/ttyUSB3', message: 'verify failed', details: { offset: 0x8000 } });
    expect(error.hint).toContain('0x00008000');
  });
});
