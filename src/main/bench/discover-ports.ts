import type { BenchPort } from './engine.js';
import { bridgeOf, slotOf, type ListedPort } from './usb-ids.js';
import { withUsbLocations } from './usb-location.js';

/** No serial port to run on; the message says what was seen, the hint what to do. */
export class NoPortsError extends Error {
  override readonly name = 'NoPortsError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Every serial port of the machine, with its USB socket where the system says it. */
export async function listSerialPorts(): Promise<ListedPort[]> {
  const { SerialPort } = await import('serialport');
  return withUsbLocations(await SerialPort.list());
}

/**
 * The bench's ports: 'auto' takes every port of a known USB serial bridge or
 * ESP USB, in slot order; a list names them (a known one gets its USB slot name).
 */
export async function discoverPorts(spec: 'auto' | readonly string[], list: () => Promise<ListedPort[]> = listSerialPorts): Promise<BenchPort[]> {
  const listed = await list();
  if (spec !== 'auto') {
    return spec.map((path) => {
      const known = listed.find((port) => port.path === path.trim());
      return { path: path.trim(), slot: known ? slotOf(known) : path.trim() };
    });
  }
  const ports = listed.filter((port) => bridgeOf(port)).map((port) => ({ path: port.path, slot: slotOf(port) }));
  if (ports.length === 0) {
    throw new NoPortsError(
      `no ESP serial port found (${listed.length} serial port(s) seen, none a known USB bridge)`,
      'plug the boards in, name the ports (/dev/ttyUSB0,/dev/ttyUSB1), or try simulated boards',
    );
  }
  return ports.sort((a, b) => a.slot.localeCompare(b.slot));
}
