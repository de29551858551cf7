import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checksum, decodeResponse, encodeRequest, words } from '../../src/main/esp/packet.js';
import { describeStatus, isFlashWriteError, isTransferError, parseStatus, ROM_STATUS_LENGTH, STUB_STATUS_LENGTH } from '../../src/main/esp/status.js';

describe('packets', () => {
  it('a request is direction 0, opcode, 16-bit size, 32-bit checksum, data (little-endian)', () => {
    const packet = encodeRequest(0x0a, words(0x40001000));
    expect([...packet]).toEqual([0x00, 0x0a, 0x04, 0x00, 0, 0, 0, 0, 0x00, 0x10, 0x00, 0x40]);
    const data = encodeRequest(0x03, Uint8Array.of(1, 2, 3), 0xec);
    expect([...data.subarray(0, 8)]).toEqual([0x00, 0x03, 0x03, 0x00, 0xec, 0, 0, 0]);
  });

  it('the checksum is the XOR of the data bytes seeded with 0xEF', () => {
    expect(checksum(new Uint8Array(0))).toBe(0xef);
    expect(checksum(Uint8Array.of(0x01, 0x02))).toBe(0xec);
    expect(checksum(Uint8Array.of(0xef))).toBe(0x00);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.nat(7), (bytes, skip) => {
        // Any alignment of the block inside its buffer gives the plain bytewise result.
        const block = bytes.subarray(Math.min(skip, bytes.length));
        expect(checksum(block)).toBe(block.reduce((sum, b) => sum ^ b, 0xef));
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array(), fc.uint8Array(), (a, b) => {
        const both = Uint8Array.from([...a, ...b]);
        expect(checksum(both)).toBe(checksum(a) ^ checksum(b) ^ 0xef);
      }),
    );
  });

  it('a response is direction 1 with at least a header; the value field is little-endian', () => {
    const frame = Uint8Array.of(0x01, 0x0a, 0x04, 0x00, 0x83, 0x1d, 0xf0, 0x00, 0, 0, 0, 0);
    expect(decodeResponse(frame)).toEqual({ op: 0x0a, value: 0x00f01d83, data: Uint8Array.of(0, 0, 0, 0) });
    expect(decodeResponse(Uint8Array.of(0x00, 0x0a, 0, 0, 0, 0, 0, 0))).toBeUndefined();
    expect(decodeResponse(Uint8Array.of(0x01, 0x0a, 0, 0))).toBeUndefined();
    expect(decodeResponse(Buffer.from('OHAI'))).toBeUndefined();
  });
});

describe('status bytes: ROM 4, stub 2, right after the payload', () => {
  it('ROM success and failure', () => {
    expect(parseStatus(Uint8Array.of(0, 0, 0, 0), ROM_STATUS_LENGTH, 0)).toEqual({ payload: new Uint8Array(0), status: { ok: true, code: 0 } });
    expect(parseStatus(Uint8Array.of(1, 0x05, 0, 0), ROM_STATUS_LENGTH, 0)!.status).toEqual({ ok: false, code: 0x0105 });
  });

  it('stub failure codes read big-endian', () => {
    expect(parseStatus(Uint8Array.of(0xc1, 0x00), STUB_STATUS_LENGTH, 0)!.status).toEqual({ ok: false, code: 0xc100 });
  });

  it('MD5: 32 hex characters from the ROM, 16 raw bytes from the stub', () => {
    const rom = Uint8Array.from([...Buffer.from('d41d8cd98f00b204e9800998ecf8427e'), 0, 0, 0, 0]);
    expect(Buffer.from(parseStatus(rom, ROM_STATUS_LENGTH, 32)!.payload).toString()).toBe('d41d8cd98f00b204e9800998ecf8427e');
    const stub = Uint8Array.from([...Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex'), 0, 0]);
    expect(Buffer.from(parseStatus(stub, STUB_STATUS_LENGTH, 16)!.payload).toString('hex')).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('a variable payload (GET_SECURITY_INFO: 12 bytes on ESP32-S2, 20 elsewhere) ends before the status', () => {
    expect(parseStatus(new Uint8Array(16), ROM_STATUS_LENGTH)!.payload.length).toBe(12);
    expect(parseStatus(new Uint8Array(24), ROM_STATUS_LENGTH)!.payload.length).toBe(20);
    expect(parseStatus(new Uint8Array(22), STUB_STATUS_LENGTH)!.payload.length).toBe(20);
  });

  it('too short to hold the status', () => {
    expect(parseStatus(Uint8Array.of(0), ROM_STATUS_LENGTH, 0)).toBeUndefined();
    expect(parseStatus(new Uint8Array(20), STUB_STATUS_LENGTH, 32)).toBeUndefined();
  });

  it('names the failures and sorts them', () => {
    expect(describeStatus(0x0108)).toBe('the ROM could not write the flash (0x0108)');
    expect(describeStatus(0xc100)).toBe('the stub found a bad checksum (0xc100)');
    expect(describeStatus(0x0199)).toBe('the board reported failure 0x0199');
    expect(isTransferError(0x0107)).toBe(true);
    expect(isTransferError(0xc100)).toBe(true);
    expect(isTransferError(0x0108)).toBe(false);
    expect(isFlashWriteError(0x0108)).toBe(true);
    expect(isFlashWriteError(0xc400)).toBe(true);
  });
});
