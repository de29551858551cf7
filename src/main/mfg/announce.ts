import { sep } from 'node:path';
import type { FormatVersion } from '../../shared/nvs/items.js';
import { keysFileName } from './job.js';

/** What the reference prints, so that scripts reading its output keep working. */
export interface Announcer {
  /** Printed once, before the devices (only when encrypting). */
  start: string;
  device(name: string): string;
  end: string;
}

const READ_ONLY_NOTE =
  '\nMinimum partition size for read/write NVS is 0x3000 bytes. Partitions smaller than this must be flagged as "readonly" in the partition table CSV.\n';

/** os.path.join(outdir, …) as the reference shows paths: no normalising; an empty outdir adds nothing. */
export const shownJoin = (dir: string, ...parts: string[]): string =>
  [...(dir === '' ? [] : [dir.endsWith('/') || dir.endsWith(sep) ? dir.slice(0, -1) : dir]), ...parts].join(sep === '\\' ? '\\' : '/');

export function makeAnnouncer(options: { outdirShown: string; encrypted: boolean; saveKeys: boolean; readOnly: boolean; version: FormatVersion }): Announcer {
  const { outdirShown } = options;
  const banner = `\nCreating NVS binary with version: ${options.version === 1 ? 'V1 - Multipage Blob Support Disabled' : 'V2 - Multipage Blob Support Enabled'}\n`;
  return {
    start: options.encrypted ? '\nGenerating encrypted NVS binary images...\n' : '',
    device(name) {
      let text = `\nCreated CSV file: ===> ${shownJoin(outdirShown, 'csv', `${name}.csv`)}\n`;
      if (options.saveKeys) text += `\nCreated encryption keys: ===>  ${shownJoin(outdirShown, 'keys', keysFileName(name))}\n`;
      if (options.readOnly) text += READ_ONLY_NOTE;
      return `${text}${banner}\nCreated NVS binary: ===> ${shownJoin(outdirShown, 'bin', `${name}.bin`)}\n`;
    },
    end: `\nFiles generated in ${outdirShown} ...\n`,
  };
}
