import type { NvsKeys } from '../../shared/nvs/encryption.js';
import type { FormatVersion } from '../../shared/nvs/items.js';
import type { ConfigEntry } from './config.js';

/**
 * Where each device's encryption keys come from: one set for all (--inputkey,
 * or derived from --kp_hmac_inputkey), fresh random keys (--keygen), or a fresh
 * random HMAC key each (--kp_hmac_keygen). `save` writes keys/keys-<name>.bin.
 */
export type KeySource =
  | { kind: 'none' }
  | { kind: 'fixed'; keys: NvsKeys; save: boolean }
  | { kind: 'random' }
  | { kind: 'random-hmac' };

/** The output folders of a run, in the order their files are announced. */
export type OutputFolder = 'csv' | 'bin' | 'keys';

/** Everything a thread needs to build and write any device of a run; plain data, so it can go to a worker. */
export interface MfgJob {
  config: ConfigEntry[];
  valuesFile: string;
  size: number;
  version: FormatVersion;
  /** Relative `file` values resolve here. */
  cwd: string;
  /** Absolute: the final folders are <outdir>/csv, /bin, /keys. */
  outdir: string;
  /** The output folder as the user named it, for messages. */
  outdirShown: string;
  /** Absolute: files are written here first, and moved into outdir once every device is good. */
  staging: string;
  keySource: KeySource;
  /** Output folders that existed before the run, whose files must be checked one by one. */
  existingFolders: OutputFolder[];
}

/** One device: a row of the values file, with its REPEAT values filled in. */
export interface DeviceJob {
  /** Its file name stem, e.g. dev-1. */
  name: string;
  /** The values file line its row starts on. */
  line: number;
  /** One value per non-namespace config entry, in config order. */
  values: string[];
  /** Where each value came from: line and column, two numbers per value. */
  positions: number[];
}

/** Whether each device's keys are written to keys/keys-<name>.bin. */
export const savesKeys = (source: KeySource): boolean => (source.kind === 'fixed' && source.save) || source.kind === 'random' || source.kind === 'random-hmac';

export const keysFileName = (name: string): string => `keys-${name}.bin`;
export const hmacKeyFileName = (name: string): string => `hmac-keys-${name}.bin`;
