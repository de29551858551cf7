import { randomBytes } from 'node:crypto';

/**
 * A random 16-byte X.509 serial number: positive (top bit clear) and with a
 * non-zero first byte, so that its DER INTEGER is exactly 16 bytes long
 * (a leading zero byte would be dropped).
 */
export function randomSerialNumber(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0]! &= 0x7f;
  while (bytes[0] === 0) bytes[0] = randomBytes(1)[0]! & 0x7f;
  return bytes;
}
