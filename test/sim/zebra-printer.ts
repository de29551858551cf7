import { createServer, type Socket } from 'node:net';

/** The conditions a fake Zebra reports in its answer to ~HS. */
export interface FakeZebraStatus {
  paperOut?: boolean;
  paused?: boolean;
  bufferFull?: boolean;
  headOpen?: boolean;
  ribbonOut?: boolean;
  thermalTransfer?: boolean;
  overTemperature?: boolean;
}

export interface FakeZebraOptions {
  status?: FakeZebraStatus;
  /** false: stays silent on ~HS, as a real Zebra does with its media out or its head open. */
  answerStatus?: boolean;
}

/** A Zebra printer on a loopback TCP port: answers ~HS and keeps what it is sent. */
export interface FakeZebra {
  readonly host: string;
  readonly port: number;
  /** What each connection sent besides its ~HS (UTF-8), in order; connections that sent nothing else are left out. */
  readonly jobs: string[];
  readonly connections: number;
  readonly statusRequests: number;
  status: FakeZebraStatus;
  answerStatus: boolean;
  close(): Promise<void>;
}

const bit = (on: boolean | undefined): string => (on ? '1' : '0');

/** The three strings of the ZPL II Programming Guide's ~HS, each <STX>…<ETX><CR><LF>. */
export function hostStatusAnswer(status: FakeZebraStatus): string {
  const first = ['030', bit(status.paperOut), bit(status.paused), '0200', '000', bit(status.bufferFull), '0', '0', '000', '0', '0', bit(status.overTemperature)];
  const second = ['001', '0', bit(status.headOpen), bit(status.ribbonOut), bit(status.thermalTransfer), '2', '6', '0', '00000000', '1', '000'];
  return [first.join(','), second.join(','), '1234,0'].map((text) => `\x02${text}\x03\r\n`).join('');
}

export async function startFakeZebra(options: FakeZebraOptions = {}): Promise<FakeZebra> {
  const sockets = new Set<Socket>();
  const fake = {
    host: '127.0.0.1',
    port: 0,
    jobs: [] as string[],
    connections: 0,
    statusRequests: 0,
    status: options.status ?? {},
    answerStatus: options.answerStatus ?? true,
    close: async (): Promise<void> => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((socket) => {
    fake.connections++;
    sockets.add(socket);
    const chunks: Buffer[] = [];
    let answered = 0;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const requests = Buffer.concat(chunks).toString('latin1').split('~HS').length - 1;
      for (; answered < requests; answered++) {
        fake.statusRequests++;
        if (fake.answerStatus) socket.write(hostStatusAnswer(fake.status));
      }
    });
    socket.on('end', () => {
      const job = Buffer.concat(chunks).toString('utf8').replaceAll('~HS', '');
      if (job) fake.jobs.push(job);
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.port = (server.address() as { port: number }).port;
  return fake;
}
