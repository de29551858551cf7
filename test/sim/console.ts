// What a board prints on its console: the ROM's reset banner, the boot log, the app's lines.
import type { ChipSpec, Revision } from './chips.js';

export type ResetCause = 'power' | 'software';

/** What an app's line function gets to look at: its own flash, its MAC. */
export interface AppContext {
  chip: ChipSpec;
  mac: string;
  readFlash(offset: number, length: number): Uint8Array;
}

/** The app's console: fixed lines, or lines computed from the board (e.g. a serial read from its fctry partition). */
export type ConsoleLines = readonly string[] | ((ctx: AppContext) => readonly string[]);

const EOL = '\r\n';

function resetLine(chip: ChipSpec, line: string, cause: ResetCause): string {
  if (cause === 'power') return line;
  const sw = chip.name === 'esp32' ? 'rst:0xc (SW_CPU_RESET)' : 'rst:0x3 (RTC_SW_SYS_RST)';
  return line.replace(/^rst:0x[0-9a-f]+ \([A-Z_]+\)/, sw);
}

/** The ROM's banner for a download-mode boot, ending with "waiting for download". */
export function downloadBanner(chip: ChipSpec, cause: ResetCause): string {
  return [...chip.romHeader, resetLine(chip, chip.downloadBoot, cause), 'waiting for download', ''].join(EOL);
}

/** The ROM's banner and loader lines for a boot from flash. */
export function flashBootBanner(chip: ChipSpec, cause: ResetCause): string {
  return [
    ...chip.romHeader,
    resetLine(chip, chip.flashBoot, cause),
    'SPIWP:0xee',
    'mode:DIO, clock div:1',
    'load:0x3fcd5820,len:0x1714',
    'entry 0x403cc71a',
    '',
  ].join(EOL);
}

/** The ROM finding no image header at the bootloader offset (what an erased board prints). */
export function invalidHeaderLine(chip: ChipSpec, firstWord: number): string {
  if (chip.name === 'esp32') return `flash read err, ${chip.bootloaderOffset.toString(16)}${EOL}ets_main.c 371 ${EOL}`;
  return `invalid header: 0x${firstWord.toString(16).padStart(8, '0')}${EOL}`;
}

export function bootloaderLog(chip: ChipSpec, revision: Revision): string {
  return [
    'I (27) boot: ESP-IDF v5.3 2nd stage bootloader',
    `I (27) boot: chip revision: v${revision.major}.${revision.minor}`,
    'I (30) boot.esp32: SPI Speed      : 80MHz',
    'I (35) boot: Loaded app from partition at offset 0x10000',
    'I (40) boot: Disabling RNG early entropy source...',
    'I (52) cpu_start: Pro cpu start user code',
    `I (60) app_init: Project name:     factory-app (${chip.displayName})`,
    '',
  ].join(EOL);
}

export function appLines(lines: ConsoleLines | undefined, ctx: AppContext): string {
  const list = typeof lines === 'function' ? lines(ctx) : (lines ?? []);
  return list.map((l) => l + EOL).join('');
}
