import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchEvent } from './events.js';
import { withoutPem } from './redact.js';

const WINDOWS_DEVICE_NAMES = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A file name for a slot that every file system takes: "usb 1-1.2:1.0" -> "usb_1-1.2_1.0". */
export function slotFileName(slot: string): string {
  const base = slot.replace(/[^A-Za-z0-9.-]+/g, '_').replace(/^[._-]+|[._-]+$/g, '') || 'slot';
  return `${WINDOWS_DEVICE_NAMES.test(base) ? `${base}_` : base}.log`;
}

/**
 * One log file per slot in `dir`: each event of the slot as a line, "ISO-time JSON", appended
 * as the run goes, each line written at once. Progress events are left out: they drive the live
 * bar, hundreds per board, and the steps around them say when the flash began and ended.
 * Events carry no key or certificate; a PEM block in a message would be cut out all the same.
 */
export class PortLogs {
  private readonly files = new Map<string, number>();
  private readonly fileNames = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly broken = new Set<string>();

  constructor(
    readonly dir: string,
    /** Told once per slot whose log cannot be written; the boards go on. */
    private readonly onError: (slot: string, error: Error) => void = () => undefined,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  handle(event: BenchEvent): void {
    if (event.type === 'progress' || event.type === 'summary' || this.broken.has(event.slot)) return;
    try {
      writeSync(this.fileOf(event.slot), `${new Date().toISOString()} ${withoutPem(JSON.stringify(event))}\n`);
    } catch (error) {
      this.broken.add(event.slot);
      this.onError(event.slot, error as Error);
    }
  }

  /** The log file of each slot so far. */
  paths(): Map<string, string> {
    return new Map([...this.files.keys()].map((slot) => [slot, join(this.dir, this.nameOf(slot))]));
  }

  close(): void {
    for (const fd of this.files.values()) closeSync(fd);
    this.files.clear();
  }

  private nameOf(slot: string): string {
    let name = this.fileNames.get(slot);
    if (name) return name;
    const wanted = slotFileName(slot);
    name = wanted;
    // Two slots that differ only in characters a file name cannot hold get their own files.
    for (let n = 2; this.taken.has(name); n++) name = wanted.replace(/\.log$/, `-${n}.log`);
    this.taken.add(name);
    this.fileNames.set(slot, name);
    return name;
  }

  private fileOf(slot: string): number {
    let fd = this.files.get(slot);
    if (fd === undefined) this.files.set(slot, (fd = openSync(join(this.dir, this.nameOf(slot)), 'a')));
    return fd;
  }
}
