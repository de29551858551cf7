import { link, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dpi } from '../../shared/labels/units.js';
import type { Label } from './label.js';
import { renderPdf } from './pdf.js';
import { PrinterError, type LabelPrinter, type PrintOutcome } from './printer.js';
import { temporaryNameFor } from '../files/atomic-write.js';

/** A serial as a file name: characters a file system may refuse become _. */
const fileStem = (serial: string): string => serial.replace(/[^A-Za-z0-9._-]/g, '_');

/**
 * "Prints" each label as a PDF into a folder (a hot folder, an archive):
 * `SERIAL.pdf`, or `SERIAL-2.pdf`, … for a reprint, never overwriting one.
 * Each file appears complete or not at all.
 */
export class PdfFilePrinter implements LabelPrinter {
  readonly where: string;
  readonly dpi?: Dpi;

  constructor(
    readonly name: string,
    private readonly dir: string,
    options: { dpi?: Dpi } = {},
  ) {
    this.where = dir;
    if (options.dpi) this.dpi = options.dpi;
  }

  async print(label: Label): Promise<PrintOutcome> {
    const pdf = await renderPdf(label.layout, { title: label.serial, date: label.date });
    const temporary = temporaryNameFor(join(this.dir, fileStem(label.serial)));
    try {
      await writeFile(temporary, pdf, { flag: 'wx' });
      for (let n = 1; ; n++) {
        const file = join(this.dir, `${fileStem(label.serial)}${n === 1 ? '' : `-${n}`}.pdf`);
        try {
          // A hard link is created whole or not at all, and never replaces a file that is there.
          await link(temporary, file);
          return { where: file };
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
      }
    } catch (error) {
      throw new PrinterError(this.name, 'write-failed', `printer "${this.name}" could not write the PDF into ${this.dir}: ${(error as Error).message}`, 'check that the folder exists and can be written');
    } finally {
      await rm(temporary, { force: true });
    }
  }
}
