/**
 * The cryptographic primitives the NVS engine needs, passed in by the caller so
 * that src/shared stays free of node:crypto and WebCrypto alike.
 * src/main/nvs/node-crypto.ts provides them from Node.
 */
export interface NvsCrypto {
  /** AES-256 in ECB mode over whole 16-byte blocks, no padding. */
  aes256EcbEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array;
  aes256EcbDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array;
  hmacSha256(key: Uint8Array, data: Uint8Array): Uint8Array;
  pbkdf2HmacSha1(password: Uint8Array, salt: Uint8Array, iterations: number, length: number): Uint8Array;
  /** Bytes from a cryptographically secure generator. */
  randomBytes(length: number): Uint8Array;
}
