/** ANSI colours for text reports, or none. */
export interface Style {
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  bold(text: string): string;
}

const wrap =
  (code: string) =>
  (text: string): string =>
    `\x1b[${code}m${text}\x1b[0m`;

export const ansiStyle: Style = { red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36'), bold: wrap('1') };

const same = (text: string): string => text;
export const plainStyle: Style = { red: same, green: same, yellow: same, cyan: same, bold: same };
