/** The ESP serial bootloader client: the bench and the command line use only what is exported here. */
export { EspLoader, type FlashInfo, type LoaderOptions, type OpenOptions } from './loader.js';
export { prepareImage, prepareImages, type FlashRegion, type PreparedImage, type PrepareOptions } from './image.js';
export { EspError, hintFor, type EspErrorCode, type EspErrorDetails, type EspStep } from './errors.js';
export type { EspProgress, ProgressListener, RegionPhase } from './progress.js';
export { CHIP_NAMES, CHIPS, isChipName, type Chip, type ChipName } from './chips.js';
export type { MacAddress } from './mac.js';
export type { AfterReset, BeforeReset } from './reset.js';
export type { LineSettings, SerialBinding, SerialStream } from './serial-stream.js';
export { esptoolJsStubs, type StubImage, type StubSource } from './stub.js';
export { DEFAULT_TIMEOUTS, type Timeouts } from './timeouts.js';
export { formatSize } from './flash-size.js';
