/** USB serial bridges found on ESP32 boards and fixtures, and the ESP chips' own USB, by vendor:product id. */
export const KNOWN_USB_SERIAL: Readonly<Record<string, string>> = {
  '10c4:ea60': 'Silicon Labs CP210x',
  '10c4:ea70': 'Silicon Labs CP2105',
  '1a86:7523': 'WCH CH340',
  '1a86:55d3': 'WCH CH343',
  '1a86:55d4': 'WCH CH9102',
  '0403:6001': 'FTDI FT232R',
  '0403:6010': 'FTDI FT2232',
  '0403:6014': 'FTDI FT232H',
  '0403:6015': 'FTDI FT230X',
  '303a:1001': 'Espressif USB-Serial/JTAG',
  '303a:0002': 'Espressif USB-OTG (ROM)',
};

export interface ListedPort {
  path: string;
  vendorId?: string | undefined;
  productId?: string | undefined;
  serialNumber?: string | undefined;
  locationId?: string | undefined;
  pnpId?: string | undefined;
}

/** The name of the bridge, or undefined when the port is not a known ESP serial link. */
export function bridgeOf(port: ListedPort): string | undefined {
  if (!port.vendorId || !port.productId) return undefined;
  return KNOWN_USB_SERIAL[`${port.vendorId.toLowerCase()}:${port.productId.toLowerCase()}`];
}

/**
 * A slot name that stays with the physical USB socket: the location (hub path)
 * when the system gives one, so that renumbering (/dev/ttyUSB0 becoming
 * ttyUSB1) never swaps two boards' slots; else the device path.
 */
export function slotOf(port: ListedPort): string {
  const byPath = /-usb-([^:]+(?::[^-]+)?)/.exec(port.pnpId ?? '');
  return port.locationId ? `usb ${port.locationId}` : byPath ? `usb ${byPath[1]}` : port.path;
}
