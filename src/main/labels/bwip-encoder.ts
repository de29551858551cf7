import bwipjs from 'bwip-js/node';
import type { BarcodeEncoder, ModuleMatrix } from '../../shared/labels/barcodes.js';

type Raw = { pixs?: number[]; pixx?: number; pixy?: number; sbs?: number[] };

function matrix(symbology: string, data: string, options: string): ModuleMatrix {
  const [symbol] = bwipjs.raw(symbology, data, options) as Raw[];
  if (!symbol?.pixs || !symbol.pixx || !symbol.pixy) throw new Error(`bwip-js gave no ${symbology} matrix`);
  return { columns: symbol.pixx, rows: symbol.pixy, modules: symbol.pixs };
}

/** Barcodes by bwip-js (Barcode Writer in Pure PostScript), as modules. Text goes in as UTF-8, as ^CI28 sends it. */
export const bwipEncoder: BarcodeEncoder = {
  qr: (data, errorCorrection) => matrix('qrcode', data, `eclevel=${errorCorrection}`),
  dataMatrix: (data) => matrix('datamatrix', data, ''),
  code128(data) {
    const [symbol] = bwipjs.raw('code128', data, '') as Raw[];
    if (!symbol?.sbs) throw new Error('bwip-js gave no Code 128 bars');
    return symbol.sbs;
  },
};
