// esptool-js (Espressif's own client) driving a simulated board through the Web Serial adapter.
import { SerialPortStream } from '@serialport/stream';
import { ESPLoader, Transport } from 'esptool-js';
import { SerialPort } from 'serialport';
import type { SimPort } from './binding.js';
import { simBinding } from './binding.js';
import { NodeWebSerialPort } from './esptool-js-transport.js';

export interface EsptoolSession {
  loader: ESPLoader;
  /** What esptool-js printed. */
  log: string[];
  close(): Promise<void>;
}

function session(port: NodeWebSerialPort, baudrate: number): EsptoolSession {
  const log: string[] = [];
  const terminal = {
    clean: () => {},
    writeLine: (line: string) => void log.push(line),
    write: (text: string) => void log.push(text),
  };
  // esptool-js types its device as a Web Serial SerialPort; the adapter has that shape.
  const transport = new Transport(port as unknown as ConstructorParameters<typeof Transport>[0], false);
  // Transport logs some events to the console whether tracing is on or not.
  transport.trace = () => {};
  const loader = new ESPLoader({ transport, baudrate, terminal });
  return {
    loader,
    log,
    close: async () => {
      // After a lost device esptool-js may hold the writer's lock forever (it releases it only on
      // success), and disconnect() would wait for it: close the port under it instead.
      if (port.isOpen) await transport.disconnect();
      else await port.close();
    },
  };
}

/** Through the in-process binding: esptool-js sees the adapter's VID/PID and drives DTR/RTS. */
export function esptoolOverBinding(port: SimPort, baudrate = 115200): EsptoolSession {
  const web = new NodeWebSerialPort((baudRate) => new SerialPortStream({ binding: simBinding, path: port.path, baudRate, autoOpen: false }), {
    usbVendorId: parseInt(port.info.vendorId ?? '0', 16),
    usbProductId: parseInt(port.info.productId ?? '0', 16),
  });
  return session(web, baudrate);
}

/** Through a real pseudo-terminal with the real serialport binding (no modem lines: use 'no_reset'). */
export function esptoolOverPty(path: string, baudrate = 115200): EsptoolSession {
  return session(new NodeWebSerialPort((baudRate) => new SerialPort({ path, baudRate, autoOpen: false })), baudrate);
}
