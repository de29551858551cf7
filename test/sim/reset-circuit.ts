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
 * The USB-Serial/JTAG peripheral reads the lines itself: RTS asserted without DTR holds the chip
 * in reset, and the boot mode is the DTR level seen when RTS was asserted. esptool's sequence
 * (D1 R0 → R1 D1 → R1 D0 → R0 D0) thus boots into download mode, a plain RTS pulse with DTR
 * released boots the app, and the UART bridges' classic sequence boots the app too.
 */
export class UsbJtagResetLogic implements ResetLogic {
  private rts = false;
  private download = false;

  constructor(private readonly board: SimBoard) {}

  lines(dtr: boolean, rts: boolean): void {
    if (rts && !this.rts) this.download = dtr;
    this.rts = rts;
    this.board.setPins({ en: !(rts && !dtr), io0: !this.download });
  }
}
