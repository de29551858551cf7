/**
 * Status bytes at the end of a response. The ROM loaders of ESP32 and later send 4
 * ([status, error, 0, 0]); the flasher stub sends 2. Both put status and error right after the
 * payload, so knowing the payload length is enough; read as one big-endian 16-bit code, ROM
 * failures become 0x01xx and stub failures 0xC0xx..0xFFxx.
 */
export const ROM_STATUS_LENGTH = 4;
export const STUB_STATUS_LENGTH = 2;

export interface Status {
  ok: boolean;
  /** status << 8 | error. */
  code: number;
}

export interface ParsedResponseData {
  payload: Uint8Array;
  status: Status;
}

/**
 * Splits response data into payload and status. `payloadLength` undefined means "whatever
 * comes before the status bytes" (replies whose length varies, like GET_SECURITY_INFO).
 * Returns undefined when the data is too short to hold them.
 */
export function parseStatus(data: Uint8Array, statusLength: number, payloadLength?: number): ParsedResponseData | undefined {
  const length = payloadLength ?? data.length - statusLength;
  if (length < 0 || data.length < length + 2) return undefined;
  const status = data[length]!;
  const error = data[length + 1]!;
  return { payload: data.subarray(0, length), status: { ok: status === 0, code: (status << 8) | error } };
}

const ROM_ERRORS: Record<number, string> = {
  0x05: 'the ROM rejected the message as invalid',
  0x06: 'the ROM failed to act on the message',
  0x07: 'the ROM found a bad checksum',
  0x08: 'the ROM could not write the flash',
  0x09: 'the ROM could not read the flash',
  0x0a: 'the ROM got a bad flash read length',
  0x0b: 'the ROM could not inflate the compressed data',
};

const STUB_ERRORS: Record<number, string> = {
  0xc0: 'the stub got a bad data length',
  0xc1: 'the stub found a bad checksum',
  0xc2: 'the stub got a bad block size',
  0xc3: 'the stub does not know the command',
  0xc4: 'a SPI flash operation failed in the stub',
  0xc5: 'the stub could not unlock the SPI flash',
  0xc6: 'the stub is not in flash mode (no BEGIN before DATA)',
  0xc7: 'the stub could not inflate the compressed data',
  0xc8: 'the stub got less data than announced',
  0xc9: 'the stub got more data than announced',
  0xff: 'the stub does not implement the command',
};

export function describeStatus(code: number): string {
  const status = code >> 8;
  const error = code & 0xff;
  const hex = `0x${code.toString(16).padStart(4, '0')}`;
  const known = status === 0x01 ? ROM_ERRORS[error] : STUB_ERRORS[status];
  return known ? `${known} (${hex})` : `the board reported failure ${hex}`;
}

/** A checksum or length error: the block did not arrive intact and may be sent again. */
export function isTransferError(code: number): boolean {
  const status = code >> 8;
  return code === 0x0107 || status === 0xc0 || status === 0xc1;
}

export function isFlashWriteError(code: number): boolean {
  const status = code >> 8;
  return code === 0x0108 || status === 0xc4 || status === 0xc5;
}

export function isUnsupported(code: number): boolean {
  const status = code >> 8;
  return code === 0x0105 || status === 0xc3 || status === 0xff;
}
