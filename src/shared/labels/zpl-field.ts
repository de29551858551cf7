const SPECIAL = /[\\^~\x00-\x1f\x7f]/g; // eslint-disable-line no-control-regex -- control characters are escaped too
const NEEDS_HEX = /[\^~\x00-\x1f\x7f]/; // eslint-disable-line no-control-regex -- as above

const hex = (char: string): string => `\\${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * `^FD…^FS` for field data. `^` would start a command and `~` a control
 * command inside the data, so data holding either (or a control character)
 * gets `^FH\` and those characters as `\XX` hex escapes (the backslash too).
 */
export function zplFieldData(data: string): string {
  return NEEDS_HEX.test(data) ? `^FH\\^FD${data.replace(SPECIAL, hex)}^FS` : `^FD${data}^FS`;
}
