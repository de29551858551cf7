import { sleep } from './timeouts.js';

/**
 * Reset sequences as data. Boards wire DTR to GPIO0/BOOT and RTS to EN through two
 * transistors, both inverted: RTS asserted holds the chip in reset, DTR asserted pulls GPIO0
 * low (download mode) while EN rises. serialport sets both lines in every call, so each
 * step names both; the classic variant changes one line per step as a one-line-at-a-time
 * driver would, the tight variant moves both at once.
 */
export type ResetStep = { dtr: boolean; rts: boolean } | { waitMs: number };

export interface ResetStrategy {
  name: string;
  steps: readonly ResetStep[];
}

/** What a reset needs of a port. Returns false when the port has no modem lines. */
export interface ModemLines {
  setLines(dtr: boolean, rts: boolean): Promise<boolean>;
}

export type BeforeReset = 'default' | 'usb-reset' | 'no-reset';
export type AfterReset = 'hard-reset' | 'no-reset';

const lines = (dtr: 0 | 1, rts: 0 | 1): ResetStep => ({ dtr: dtr === 1, rts: rts === 1 });
const wait = (waitMs: number): ResetStep => ({ waitMs });

/** EN low with GPIO0 high, then GPIO0 low and EN released; GPIO0 let go after `delayMs`. */
export function classicReset(delayMs: number): ResetStrategy {
  return {
    name: `classic ${delayMs} ms`,
    steps: [lines(0, 1), wait(100), lines(1, 1), lines(1, 0), wait(delayMs), lines(0, 0)],
  };
}

/** The same with both lines changed in one call, passing through both-asserted (both pins high) to avoid a glitch. */
export function tightReset(delayMs: number): ResetStrategy {
  return {
    name: `tight ${delayMs} ms`,
    steps: [lines(0, 0), lines(1, 1), lines(0, 1), wait(100), lines(1, 0), wait(delayMs), lines(0, 0)],
  };
}

/** The built-in USB-Serial/JTAG peripheral reads the line states itself and resets into download mode. */
export function usbJtagReset(): ResetStrategy {
  return {
    name: 'usb-jtag',
    steps: [lines(0, 0), wait(100), lines(1, 0), wait(100), lines(1, 1), lines(0, 1), wait(100), lines(0, 0)],
  };
}

export const noReset: ResetStrategy = { name: 'none', steps: [] };

/** After flashing: pulse EN (RTS) with GPIO0 high, so the board boots its firmware. Longer over the built-in USB. */
export function hardReset(usbJtag: boolean): ResetStrategy {
  const pulse = usbJtag ? 200 : 100;
  return { name: 'hard reset', steps: [lines(0, 1), wait(pulse), lines(0, 0), ...(usbJtag ? [wait(200)] : [])] };
}

export const USB_JTAG_VID = 0x303a;
export const USB_JTAG_PID = 0x1001;

/** The strategies that connect attempts cycle through (attempt n uses entry n mod length). */
export function connectStrategies(before: BeforeReset, usbJtag: boolean, platform: NodeJS.Platform): ResetStrategy[] {
  if (before === 'no-reset') return [noReset];
  if (before === 'usb-reset' || usbJtag) return [usbJtagReset()];
  const classic = [classicReset(50), classicReset(550)];
  // Setting both lines in one ioctl is a POSIX (TIOCMSET) thing; Windows drivers apply them one by one anyway.
  return platform === 'win32' ? classic : [tightReset(50), tightReset(550), ...classic];
}

/**
 * Plays a reset sequence. Returns false, having stopped at once, when the port has no modem
 * lines (a pseudo-terminal): not an error, the caller goes on and syncs.
 */
export async function runReset(port: ModemLines, strategy: ResetStrategy, pause: (ms: number) => Promise<void> = sleep): Promise<boolean> {
  for (const step of strategy.steps) {
    if ('waitMs' in step) await pause(step.waitMs);
    else if (!(await port.setLines(step.dtr, step.rts))) return false;
  }
  return true;
}
