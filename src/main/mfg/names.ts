import { hasControlCharacter } from '../../shared/text/control-characters.js';

/** How the files of each device are named: `<prefix>-<fileid>` or `<prefix>-<NNNN>-<fileid>`. */
export interface Naming {
  prefix: string;
  /** The values column whose value names each device; without one, devices are numbered 1, 2, 3… */
  fileidColumn?: number;
  /** --prefix_num: a counter from `start`, zero-padded to `length` digits. */
  prefixNum?: { start: number; length: number };
}

/** The file name stem of the device at 1-based position `index` in the values file. */
export function deviceName(naming: Naming, index: number, fileid: string): string {
  if (!naming.prefixNum) return `${naming.prefix}-${fileid}`;
  const counter = String(naming.prefixNum.start + index - 1).padStart(naming.prefixNum.length, '0');
  return `${naming.prefix}-${counter}-${fileid}`;
}

/** Names from different rows can only collide when they come from a column alone. */
export const namesCanCollide = (naming: Naming): boolean => naming.fileidColumn !== undefined && naming.prefixNum === undefined;

const WINDOWS_RESERVED = /[<>:"|?*\\]/;

/**
 * Why `text` cannot be part of a file name, or undefined when it can: every
 * file stays inside its folder of --outdir.
 */
export function fileNameProblem(text: string, platform: NodeJS.Platform = process.platform): string | undefined {
  if (text.includes('/')) return 'contains a /, which would put the file in another folder';
  if (hasControlCharacter(text)) return 'contains a control character (a line break, a tab…)';
  if (platform === 'win32' && WINDOWS_RESERVED.test(text)) return 'contains a character Windows does not allow in file names (< > : " | ? * \\)';
  return undefined;
}

/**
 * The form of a name that decides whether two files are the same on the
 * file systems of Windows and macOS, which ignore case (and macOS Unicode normalisation).
 */
export const foldName = (name: string): string => name.normalize('NFC').toLowerCase();
