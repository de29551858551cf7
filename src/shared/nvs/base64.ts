/**
 * Base64 decoding with the rules of Python's binascii.a2b_base64 (not strict),
 * which the reference uses: characters outside the alphabet are skipped, a
 * complete pad sequence ends the data, and a dangling quantum is an error.
 * Returns the bytes, or an error message.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = (() => {
  const table = new Int8Array(256).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

export function decodeBase64Lenient(ascii: Uint8Array): Uint8Array | string {
  const out = new Uint8Array(Math.floor((ascii.length * 3) / 4) + 3);
  let length = 0;
  let quadPos = 0;
  let leftChar = 0;
  let pads = 0;
  let dataChars = 0;
  for (const byte of ascii) {
    if (byte === 0x3d) {
      if (quadPos >= 2 && quadPos + ++pads >= 4) return out.slice(0, length);
      continue;
    }
    const value = DECODE[byte]!;
    if (value < 0) continue;
    dataChars++;
    pads = 0;
    switch (quadPos) {
      case 0:
        leftChar = value;
        quadPos = 1;
        break;
      case 1:
        out[length++] = (leftChar << 2) | (value >> 4);
        leftChar = value & 0x0f;
        quadPos = 2;
        break;
      case 2:
        out[length++] = ((leftChar << 4) | (value >> 2)) & 0xff;
        leftChar = value & 0x03;
        quadPos = 3;
        break;
      default:
        out[length++] = ((leftChar << 6) | value) & 0xff;
        quadPos = 0;
    }
  }
  if (quadPos === 1) return `the number of base64 data characters (${dataChars}) cannot be 1 more than a multiple of 4`;
  if (quadPos !== 0) return 'incorrect base64 padding: add "=" characters so that the length is a multiple of 4';
  return out.slice(0, length);
}
