import { parseNvsCsv } from '../../shared/nvs/csv.js';
import { decodeImage, findValue, readValues } from '../../shared/nvs/decode/index.js';
import type { BenchPort } from '../bench/engine.js';
import type { ChipName } from '../esp/index.js';

export interface SimulatedLine {
  ports: BenchPort[];
  /** The boards, to look into after the run (tests). */
  boards: { path: string; mac: string; readFlash(offset: number, length: number): Uint8Array }[];
  close(): void;
}

/** Where the template puts the serial: the namespace and key of the row whose value is {{serial}}. */
export function serialEntry(templateText: string, file: string): { namespace: string; key: string } | undefined {
  let namespace = '';
  for (const row of parseNvsCsv(templateText, file)) {
    if (row.type === 'namespace') namespace = row.key;
    else if (row.value?.trim() === '{{serial}}') return { namespace, key: row.key };
  }
  return undefined;
}

/**
 * N simulated boards of the job's chip, plugged in through the in-process
 * serialport binding. Their firmware behaves like the job's: after boot it
 * reads its fctry partition and prints the check line with the serial it
 * finds there, so the check step sees what a real board would print.
 */
export async function simulateBoards(count: number, job: { chip: ChipName; fctry: { offset: number; size: number }; checkPattern?: string; serialAt?: { namespace: string; key: string } }): Promise<SimulatedLine> {
  const sim = await import('../../../test/sim/index.js');
  const firmwareConsole = (ctx: { mac: string; readFlash(offset: number, length: number): Uint8Array }): string[] => {
    const lines = ['I (305) app_main: starting'];
    if (!job.checkPattern || !job.serialAt) return lines;
    const value = findValue(readValues(decodeImage(ctx.readFlash(job.fctry.offset, job.fctry.size))), job.serialAt.namespace, job.serialAt.key);
    if (value?.type !== 'string') return [...lines, 'E (312) fctry: no serial in the factory partition'];
    return [...lines, job.checkPattern.replaceAll('{{serial}}', value.value).replaceAll('{{mac}}', ctx.mac)];
  };
  const boards = Array.from({ length: count }, (_, i) => {
    const board = sim.createSimBoard({ chip: job.chip, consoleLines: firmwareConsole, seed: 0x5100 + i });
    const port = sim.plugIn(board);
    return { board, port };
  });
  return {
    ports: boards.map(({ port }, i) => ({ path: port.path, slot: `sim ${i + 1}`, binding: sim.simBinding })),
    boards: boards.map(({ board, port }) => ({ path: port.path, mac: board.macAddress, readFlash: (offset: number, length: number) => board.readFlash(offset, length) })),
    close: () => {
      for (const { port } of boards) port.unplug();
    },
  };
}
