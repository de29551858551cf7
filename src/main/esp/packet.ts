/** Request and response packets (all little-endian), and the data checksum. */

export const CHECKSUM_SEED = 0xef;

/** XOR of the payload bytes seeded with 0xEF (only MEM_DATA, FLASH_DATA and FLASH_DEFL_DATA use it). */
export function checksum(data: Uint8Array, seed = CHECKSUM_SEED): number {
  let sum = seed;
  let i = 0;
  if (data.byteOffset % 4 === 0) {
    // XOR is bytewise, so fold 32-bit words first: a 16 KiB block costs microseconds.
    const count = data.length >>> 2;
    const view = new Uint32Array(data.buffer, data.byteOffset, count);
    let folded = 0;
    for (let w = 0; w < count; w++) folded ^= view[w]!;
    sum ^= (folded ^ (folded >>> 8) ^ (folded >>> 16) ^ (folded >>> 24)) & 0xff;
    i = count * 4;
  }
  for (; i < data.length; i++) sum ^= data[i]!;
  return sum;
}

/** direction 0, opcode, size of data, checksum, data. */
export function encodeRequest(op: number, data: Uint8Array, check = 0): Uint8Array {
  if (data.length > 0xffff) throw new RangeError(`request data of ${data.length} bytes does not fit the 16-bit size field`);
  const packet = new Uint8Array(8 + data.length);
  const view = new DataView(packet.buffer);
  packet[0] = 0x00;
  packet[1] = op;
  view.setUint16(2, data.length, true);
  view.setUint32(4, check >>> 0, true);
  packet.set(data, 8);
  return packet;
}

export interface Response {
  op: number;
  /** The header's value field: the register for READ_REG, the SYNC marker, else 0. */
  value: number;
  /** Everything after the header: payload, then the status bytes. */
  data: Uint8Array;
}

/** A frame is a response when it is at least a header long and its direction byte is 1. */
export function decodeResponse(frame: Uint8Array): Response | undefined {
  if (frame.length < 8 || frame[0] !== 0x01) return undefined;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const size = view.getUint16(2, true);
  const end = Math.min(frame.length, 8 + size);
  return { op: frame[1]!, value: view.getUint32(4, true), data: frame.subarray(8, end) };
}

/** Packs unsigned 32-bit words little-endian. */
export function words(...values: number[]): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setUint32(i * 4, v >>> 0, true));
  return out;
}

export { concatBytes as concat } from '../../shared/bytes.js';

export function readWord(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset, true);
}
