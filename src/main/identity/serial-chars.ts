/** The longest serial: the bound of X.520's serialNumber attribute, which certificates carry. */
export const SERIAL_MAX_LENGTH = 64;

/** What a serial may contain, for messages and hints. */
export const SERIAL_CHARSET = 'A–Z a–z 0–9 - _ . : /';

/** Why a serial is unusable and, for a bad character, where: the 1-based column of the first one. */
export interface SerialFault {
  message: string;
  hint: string;
  column?: number;
}

export function isSerialChar(code: number): boolean {
  return (
    (code >= 0x30 && code <= 0x3a) || // 0-9 and ':'
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x61 && code <= 0x7a) ||
    code === 0x2d || // -
    code === 0x2e || // .
    code === 0x2f || // /
    code === 0x5f // _
  );
}

/** A character named so that an invisible or look-alike one can still be found. */
export function describeChar(char: string): string {
  if (char === ' ') return 'a space';
  if (char === '\t') return 'a tab';
  if (char === '\r' || char === '\n') return 'a line break';
  const code = char.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code < 0x20 || code === 0x7f || (code >= 0x80 && code <= 0x9f) ? `control character ${hex}` : `'${char}' (${hex})`;
}

/** Everything wrong with `serial` that makes it unusable, or undefined when it is fine. */
export function serialFault(serial: string): SerialFault | undefined {
  if (serial.length === 0) return { message: 'the serial is empty', hint: 'give every device a serial, or remove the line' };
  let column = 0;
  for (const char of serial) {
    column++;
    if (char.length > 1 || !isSerialChar(char.charCodeAt(0))) {
      return {
        message: `${describeChar(char)} cannot be part of a serial`,
        hint: `serials use only ${SERIAL_CHARSET}`,
        column,
      };
    }
  }
  if (serial.length > SERIAL_MAX_LENGTH) {
    return { message: `the serial is ${serial.length} characters long; at most ${SERIAL_MAX_LENGTH} fit`, hint: `shorten it to ${SERIAL_MAX_LENGTH} characters or fewer` };
  }
  return undefined;
}

/** Why `serial` is not a valid serial number, or undefined when it is one. */
export function validateSerial(serial: string): string | undefined {
  const fault = serialFault(serial);
  return fault?.column ? `${fault.message} (column ${fault.column})` : fault?.message;
}
