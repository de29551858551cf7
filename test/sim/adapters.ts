// The USB side of a simulated port: which bridge chip the host enumerates.

export type AdapterKind = 'cp2102' | 'ch340' | 'ftdi' | 'usb-jtag';

export interface AdapterInfo {
  vendorId: string;
  productId: string;
  manufacturer: string;
  /** Highest baud rate the bridge accepts (datasheets: CP2102 1 Mbaud, CH340 2 Mbaud, FT232R 3 Mbaud). */
  maxBaud: number;
}

export const ADAPTERS: Record<AdapterKind, AdapterInfo> = {
  cp2102: { vendorId: '10c4', productId: 'ea60', manufacturer: 'Silicon Labs', maxBaud: 1_000_000 },
  ch340: { vendorId: '1a86', productId: '7523', manufacturer: 'QinHeng Electronics', maxBaud: 2_000_000 },
  ftdi: { vendorId: '0403', productId: '6001', manufacturer: 'FTDI', maxBaud: 3_000_000 },
  // The chip's own USB-Serial/JTAG: a CDC-ACM port with no real baud rate.
  'usb-jtag': { vendorId: '303a', productId: '1001', manufacturer: 'Espressif', maxBaud: Infinity },
};
