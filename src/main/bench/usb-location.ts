import { realpathSync } from 'node:fs';
import { basename } from 'node:path';
import type { ListedPort } from './usb-ids.js';

/**
 * The USB interface a tty hangs off, from its sysfs device path: "1-1.2:1.0" in
 * /sys/devices/pci0000:00/0000:00:14.0/usb1/1-1/1-1.2/1-1.2:1.0/ttyUSB0. It names the socket
 * (bus, hub ports) and the interface (a dual bridge has two), not the board.
 */
export function usbInterfaceOf(sysfsPath: string): string | undefined {
  return sysfsPath.split('/').filter((part) => /^\d+-\d+(?:\.\d+)*:\d+\.\d+$/.test(part)).at(-1);
}

/**
 * Linux lists serial ports without their USB location (serialport reads udev's by-id names,
 * which follow the board, not the socket): fill it in from sysfs, so that `slotOf` names the socket.
 */
export function withUsbLocations<T extends ListedPort>(ports: T[], platform: NodeJS.Platform = process.platform): T[] {
  if (platform !== 'linux') return ports;
  return ports.map((port) => {
    if (port.locationId) return port;
    try {
      const location = usbInterfaceOf(realpathSync(`/sys/class/tty/${basename(port.path)}/device`));
      return location ? { ...port, locationId: location } : port;
    } catch {
      return port;
    }
  });
}
