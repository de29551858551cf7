/** Failures of the serial loader client, typed so that the bench can act on them. */

export type EspErrorCode =
  | 'no-answer'
  | 'timeout'
  | 'wrong-chip'
  | 'unknown-chip'
  | 'verify-mismatch'
  | 'port-gone'
  | 'port-open-failed'
  | 'flash-write-failed'
  | 'stub-no-hello'
  | 'device-error'
  | 'protocol'
  | 'unsupported'
  | 'invalid-argument';

export type EspStep = 'connect' | 'sync' | 'detect' | 'stub' | 'attach' | 'erase' | 'write' | 'verify' | 'read' | 'reset';

export interface EspErrorDetails {
  /** Flash offset of the region concerned. */
  offset?: number;
  expectedMd5?: string;
  actualMd5?: string;
  /** The board's 16-bit status code (status << 8 | error). */
  status?: number;
  expectedChip?: string;
  actualChip?: string;
  /** The tail of the text the board printed outside frames (boot log), when it explains a failure. */
  bootLog?: string;
}

export class EspError extends Error {
  override readonly name = 'EspError';

  constructor(
    readonly code: EspErrorCode,
    readonly step: EspStep,
    readonly port: string,
    message: string,
    readonly hint: string,
    readonly details: EspErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** The plain-words advice that goes with each kind of failure. */
export function hintFor(code: EspErrorCode, details: EspErrorDetails = {}): string {
  switch (code) {
    case 'no-answer':
      return bootLogHint(details.bootLog) ?? 'check the boot button and the cable, or try --before (usb-reset for the built-in USB, no-reset when a fixture holds the board in download mode)';
    case 'timeout':
      return 'the board stopped answering: check the cable and the power supply (an overloaded USB hub drops boards), then try again';
    case 'wrong-chip':
      return `the job expects ${details.expectedChip ?? 'another chip'}, the board is ${details.actualChip ?? 'something else'}: check the board or the job's chip setting`;
    case 'unknown-chip':
      return 'the board answered but is not a chip this tool knows: give --chip if it is one of the supported chips, or check the board';
    case 'verify-mismatch':
      return `the flash at ${details.offset === undefined ? 'that offset' : hex(details.offset)} does not hold what was written: flash it again; if it fails again, the flash chip or its supply is faulty`;
    case 'port-gone':
      return 'the board was unplugged or the cable is loose';
    case 'port-open-failed':
      return 'check the port name, that no other program (a serial monitor) holds the port, and that you may use it (the dialout group on Linux)';
    case 'flash-write-failed':
      return 'the board could not write its flash: check the power supply and whether the flash is write-protected, then flash again';
    case 'stub-no-hello':
      return 'the flasher stub did not start: try --no-stub, or a lower --baud';
    case 'device-error':
      return 'the board refused the command: try again; with --no-stub, the ROM loader may not support what was asked';
    case 'protocol':
      return 'the data was garbled on the line or the board answered something unexpected: check the cable, that nothing else talks on this port, and try a lower --baud';
    case 'unsupported':
      return 'the board does not support this command (in Secure Download Mode only flashing is allowed); try without --no-stub';
    case 'invalid-argument':
      return 'check the command line';
  }
}

/** What the ROM printed after the reset tells whether the board booted, and in which mode. */
function bootLogHint(bootLog: string | undefined): string | undefined {
  if (!bootLog) return undefined;
  if (/waiting for download/i.test(bootLog)) return 'the board is in download mode but does not answer: the TX line from this computer to the board may be broken, or the baud rate is wrong';
  if (/boot:0x[0-9a-f]+/i.test(bootLog)) return 'the board booted but not into download mode: hold the boot button while resetting, or check the DTR/RTS wiring, or try --before';
  return undefined;
}

export function espError(code: EspErrorCode, step: EspStep, port: string, message: string, details: EspErrorDetails = {}, cause?: unknown): EspError {
  return new EspError(code, step, port, message, hintFor(code, details), details, cause === undefined ? undefined : { cause });
}
