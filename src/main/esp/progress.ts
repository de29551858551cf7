import type { EspStep } from './errors.js';

/** What a loader reports while it works. All byte counts are image (uncompressed) bytes. */
export type EspProgress =
  | { type: 'step'; port: string; step: EspStep; message: string }
  | { type: 'region'; port: string; phase: RegionPhase; offset: number; done: number; total: number };

export type RegionPhase = 'erase' | 'write' | 'verify' | 'read';

export type ProgressListener = (event: EspProgress) => void;
