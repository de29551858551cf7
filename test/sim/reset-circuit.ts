// How DTR and RTS reach EN and IO0 (spec §6).
import type { SimBoard } from './board.js';

/**
 * The two-transistor auto-reset circuit of USB-UART boards: DTR drives IO0 and RTS drives EN, both
 * inverted, each transistor's emitter tied to the other line. So EN is pulled low only while RTS
 * is asserted and DTR is not, IO0 only while DTR is asserted and RTS is not; both asserted (or
 * both released) leaves both high.
 */
export const autoResetPins = (dtr: boolean, rts: boolean): { en: boolean; io0: boolean } => ({ en: !(rts && !dtr), io0: !(dtr && !rts) });

export interface ResetLogic {
  /** The host has set the control lines (true = asserted). */
  lines(dtr: boolean, rts: boolean): void;
}

export class AutoResetCircuit implements ResetLogic {
  constructor(private readonly board: SimBoard) {}

  lines(dtr: boolean, rts: boolean): void {
    this.board.setPins(autoResetPins(dtr, rts));
  }
}

/**
 * The USB-Serial/JTAG peripheral reads the CDC-ACM line state itself; no transistors, no strap pin.
 * The spec (§6) only says so and gives esptool's sequence (R0 D0 → D1 R0 → R1 D1 → R1 D0 → R0 D0);
 * the per-state meaning below is Espressif's TRM (USB Serial/JTAG controller, CDC-ACM):
 *   RTS=0 DTR=0  clears the download-mode flag
 *   RTS=0 DTR=1  sets it
 *   RTS=1 DTR=0  resets the chip, which boots into download mode if the flag is set
 *   RTS=1 DTR=1  nothing
 * The boot mode is the flag at the moment the reset begins (esptool clears it again afterwards with
 * R0 D0). So esptool's sequence enters download mode; opening the port (D1 R1) does nothing; a plain
 * RTS pulse with DTR released boots the app; and the UART bridges' classic sequence
 * (D0 R1 → D1 R0 → D0) boots the app too, since it resets before it sets the flag (and clears it after).
 */
export class UsbJtagResetLogic implements ResetLogic {
  /** The download-mode flag (cleared at power-on). */
  private downloadFlag = false;
  private inReset = false;
  /** The boot mode taken at the last reset, held until the strap is latched after release. */
  private bootDownload = false;

  constructor(private readonly board: SimBoard) {}

  lines(dtr: boolean, rts: boolean): void {
    if (!rts) this.downloadFlag = dtr;
    const reset = rts && !dtr;
    if (reset && !this.inReset) this.bootDownload = this.downloadFlag;
    this.inReset = reset;
    this.board.setPins({ en: !reset, io0: !this.bootDownload });
  }
}
