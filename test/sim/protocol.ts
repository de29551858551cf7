// Packet layout, opcodes and status codes of the serial loader protocol (spec §2-§4).

export const Op = {
  FLASH_BEGIN: 0x02,
  FLASH_DATA: 0x03,
  FLASH_END: 0x04,
  MEM_BEGIN: 0x05,
  MEM_END: 0x06,
  MEM_DATA: 0x07,
  SYNC: 0x08,
  WRITE_REG: 0x09,
  READ_REG: 0x0a,
  SPI_SET_PARAMS: 0x0b,
  SPI_ATTACH: 0x0d,
  READ_FLASH_SLOW: 0x0e,
  CHANGE_BAUDRATE: 0x0f,
  FLASH_DEFL_BEGIN: 0x10,
  FLASH_DEFL_DATA: 0x11,
  FLASH_DEFL_END: 0x12,
  SPI_FLASH_MD5: 0x13,
  GET_SECURITY_INFO: 0x14,
  ERASE_FLASH: 0xd0,
  ERASE_REGION: 0xd1,
  READ_FLASH: 0xd2,
  RUN_USER_CODE: 0xd3,
} as const;

export type OpName = keyof typeof Op;

export const opName = (op: number): string =>
  (Object.keys(Op) as OpName[]).find((name) => Op[name] === op) ?? `0x${op.toString(16).padStart(2, '0')}`;

/**
 * What went wrong, independent of who reports it: the ROM and the stub encode the same failure
 * differently (spec §2 "Status bytes").
 */
export type Failure =
  | 'invalid' // malformed or unknown request
  | 'badLength'
  | 'checksum'
  | 'failed' // could not act on it (out of range, not attached)
  | 'badSequence' // a data block out of order
  | 'notInFlashMode'
  | 'flashWrite'
  | 'flashRead'
  | 'readLength'
  | 'deflate'
  | 'tooMuchData';

/** ROM error byte (status byte is 1), esptool docs table (spec D:116-167). */
export const ROM_ERROR: Record<Failure, number> = {
  invalid: 0x05,
  badLength: 0x05,
  tooMuchData: 0x05,
  failed: 0x06,
  badSequence: 0x06,
  notInFlashMode: 0x06,
  checksum: 0x07,
  flashWrite: 0x08,
  flashRead: 0x09,
  readLength: 0x0a,
  deflate: 0x0b,
};

/**
 * Stub status as the 16-bit big-endian code the new stub writes (spec §2, `commands.h`). The spec
 * gives the range (0xC000…0xCB00, 0xFF00 = not implemented) but names no code for an out-of-sequence
 * data block, so that one stays 0xC300 ("invalid command"), as for other requests it cannot act on.
 */
export const STUB_ERROR: Record<Failure | 'notImplemented', number> = {
  badLength: 0xc000,
  checksum: 0xc100,
  invalid: 0xc300,
  badSequence: 0xc300,
  failed: 0xc400,
  flashWrite: 0xc400,
  flashRead: 0xc400,
  readLength: 0xc000,
  notInFlashMode: 0xc600,
  deflate: 0xc700,
  tooMuchData: 0xc900,
  notImplemented: 0xff00,
};

export const CHECKSUM_SEED = 0xef;

export function checksum(data: Uint8Array): number {
  let state = CHECKSUM_SEED;
  for (const b of data) state ^= b;
  return state;
}

export interface Request {
  op: number;
  /** The `size` field as sent. */
  size: number;
  checksum: number;
  data: Uint8Array;
}

/** A host request, or null for frames a device ignores (too short, wrong direction). */
export function parseRequest(frame: Uint8Array): Request | null {
  if (frame.length < 8 || frame[0] !== 0x00) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return { op: frame[1]!, size: view.getUint16(2, true), checksum: view.getUint32(4, true), data: frame.subarray(8) };
}

export function encodeResponse(op: number, value: number, payload: Uint8Array, status: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + payload.length + status.length);
  const view = new DataView(frame.buffer);
  frame[0] = 0x01;
  frame[1] = op;
  view.setUint16(2, payload.length + status.length, true);
  view.setUint32(4, value >>> 0, true);
  frame.set(payload, 8);
  frame.set(status, 8 + payload.length);
  return frame;
}

/** ROM loaders of ESP32 and later: 4 status bytes `[status, error, 0, 0]`. */
export const romStatus = (failure: Failure | null): Uint8Array => (failure ? Uint8Array.of(1, ROM_ERROR[failure], 0, 0) : new Uint8Array(4));

/** Flasher stub: 2 status bytes, the 16-bit code big-endian. */
export function stubStatus(failure: Failure | 'notImplemented' | null): Uint8Array {
  const code = failure ? STUB_ERROR[failure] : 0;
  return Uint8Array.of(code >> 8, code & 0xff);
}

export const u32 = (data: Uint8Array, offset: number): number =>
  (data[offset]! | (data[offset + 1]! << 8) | (data[offset + 2]! << 16) | (data[offset + 3]! << 24)) >>> 0;

export function le32(...values: number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(4 * i, v >>> 0, true));
  return out;
}
