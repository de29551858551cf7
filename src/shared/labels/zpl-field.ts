import { isControlCharacter } from '../text/control-characters.js';

const startsCommand = (char: string): boolean => char === '^' || char === '~';

const hex = (char: string): string => `\\${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * `^FD…^FS` for field data. `^` would start a command and `~` a control
 * command inside the data, so data holding either (or a control character)
 * gets `^FH\` and those characters as `\XX` hex escapes (the backslash too).
 */
export function zplFieldData(data: string): string {
  const chars = [...data];
  if (!chars.some((char) => startsCommand(char) || isControlCharacter(char))) return `^FD${data}^FS`;
  return `^FH\\^FD${chars.map((char) => (char === '\\' || startsCommand(char) || isControlCharacter(char) ? hex(char) : char)).join('')}^FS`;
}
