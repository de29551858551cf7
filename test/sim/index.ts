// Simulated ESP boards: the project's hardware for tests, benchmarks and `factory-bench sim`.
import { SimBoard, type SimBoardOptions } from './board.js';

export { ADAPTERS, type AdapterInfo, type AdapterKind } from './adapters.js';
export { plugIn, simBinding, SimBindingPort, simPorts, unplugAll, type SimPort, type SimPortOptions } from './binding.js';
export type { BindingInterface, BindingPortInterface, OpenOptions, PortInfo } from './binding-types.js';
export { SimBoard, type BoardMode, type FlashSizeOption, type SimBoardOptions } from './board.js';
export { CHIP_NAMES, chipSpec, type ChipName, type ChipSpec, type Revision } from './chips.js';
export { SimClock, type SimClockOptions } from './clock.js';
export type { AppContext, ConsoleLines } from './console.js';
export { FaultSet, type FaultKind, type FaultSpec } from './faults.js';
export { formatMac, macFromSeed, parseMac } from './mac.js';
export { Op, opName, type OpName } from './protocol.js';
export { startPtyBoard, type PtyBoard, type PtyBoardOptions, type PtyReplugOptions } from './pty.js';
export { autoResetPins } from './reset-circuit.js';
export { slipEncode, SlipDecoder } from './slip.js';
export { winbondId } from './spi-flash.js';
export { esptoolJsStub, type StubImage } from './stub-images.js';
export { DEFAULT_TIMING, type TimingFigures } from './timing.js';
export { BITS_PER_BYTE } from './wire.js';

/** A board, not yet connected to anything: `plugIn(board)` or `startPtyBoard` give it a port. */
export function createSimBoard(options: SimBoardOptions): SimBoard {
  return new SimBoard(options);
}
