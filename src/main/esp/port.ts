import { SerialPortStream } from '@serialport/stream';
import { espError } from './errors.js';
import { USB_JTAG_PID, USB_JTAG_VID } from './reset.js';
import type { SerialBinding, SerialStream } from './serial-stream.js';

export const ROM_BAUD = 115200;

/**
 * Opens a serial port: with serialport's own binding for this OS, or with an injected one
 * (an in-process simulated board, a mock). The returned stream is open.
 */
export async function openSerialPort(path: string, baudRate: number, binding?: SerialBinding): Promise<SerialStream> {
  const stream = binding
    ? new SerialPortStream({ binding, path, baudRate, autoOpen: false })
    : new (await import('serialport')).SerialPort({ path, baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) =>
    stream.open((error) => (error ? reject(espError('port-open-failed', 'connect', path, `cannot open ${path}: ${plainOsError(error.message)}`, {}, error)) : resolve())),
  );
  return stream;
}

/** "Error: No such file or directory, cannot open /dev/x" -> "no such file or directory". */
function plainOsError(message: string): string {
  const text = message.replace(/^Error:?\s*/i, '').replace(/,?\s*cannot open .*$/i, '').trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * Whether the port is the built-in USB-Serial/JTAG of C3/S3/C6/H2/P4/C5 (VID 0x303A, PID 0x1001),
 * from the binding's port list. Pseudo-terminals and unlisted ports are not.
 */
export async function isUsbJtagPort(path: string, binding?: SerialBinding): Promise<boolean> {
  if (path.startsWith('/dev/pts/')) return false;
  try {
    const list = binding ? await binding.list() : await (await import('serialport')).SerialPort.list();
    const info = list.find((p) => p.path === path);
    return !!info && parseInt(info.vendorId ?? '', 16) === USB_JTAG_VID && parseInt(info.productId ?? '', 16) === USB_JTAG_PID;
  } catch {
    return false;
  }
}
