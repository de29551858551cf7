import { LabelError } from './label-error.js';
import { PdfFilePrinter } from './pdf-file-printer.js';
import type { LabelPrinter } from './printer.js';
import type { PrinterSettings } from './printers-config.js';
import { SystemPrinter, type SystemPrintBackend } from './system-printer.js';
import { ZebraPrinter } from './zebra-printer.js';

/** A printer from its settings; a system printer needs the app's backend. */
export function createPrinter(name: string, settings: PrinterSettings, backend?: SystemPrintBackend): LabelPrinter {
  switch (settings.kind) {
    case 'zebra':
      return new ZebraPrinter({ name, ...settings });
    case 'pdf':
      return new PdfFilePrinter(name, settings.dir, settings.dpi ? { dpi: settings.dpi } : {});
    case 'system':
      if (!backend) throw new LabelError('printer-unavailable', `printer "${name}" is a system printer, which only the app can print on`, 'print from the app, or choose a zebra or pdf printer');
      return new SystemPrinter(name, settings.device, backend, settings.dpi);
  }
}

/** The printer named, or the only one there is. */
export function choosePrinter(printers: Readonly<Record<string, PrinterSettings>>, name: string | undefined, source: string, backend?: SystemPrintBackend): LabelPrinter {
  const names = Object.keys(printers);
  if (name === undefined) {
    if (names.length === 1) return createPrinter(names[0]!, printers[names[0]!]!, backend);
    throw new LabelError('printer-unavailable', names.length === 0 ? `${source} names no printer` : `${source} names ${names.length} printers: say which`, names.length === 0 ? 'add one: {"line-1": {"kind": "zebra", "host": "10.0.0.5", "port": 9100}}' : `--printer ${names.join(' | ')}`);
  }
  const settings = Object.hasOwn(printers, name) ? printers[name] : undefined;
  if (!settings) throw new LabelError('printer-unavailable', `no printer "${name}" in ${source}`, `the printers are: ${names.join(', ') || '(none)'}`);
  return createPrinter(name, settings, backend);
}
