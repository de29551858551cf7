import { Socket } from 'node:net';

/** Why a TCP exchange stopped: a socket error code, or our own timeout. */
export class TcpSessionError extends Error {
  override readonly name = 'TcpSessionError';
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** How long the other end has to close after our last byte. */
const CLOSE_GRACE_MS = 1000;

const seconds = (ms: number): string => `${Number((ms / 1000).toFixed(1))} s`;

/** One TCP connection with a deadline on every step: connect, read an answer, close. */
export class TcpSession {
  private received = '';
  private failure: TcpSessionError | undefined;
  private closed = false;
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.notify();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.failure ??= new TcpSessionError(error.message, error.code ?? 'EIO');
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
  }

  static connect(host: string, port: number, timeoutMs: number): Promise<TcpSession> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TcpSessionError(`no connection within ${seconds(timeoutMs)}`, 'ETIMEDOUT'));
      }, timeoutMs);
      socket.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new TcpSessionError(error.code === 'ECONNREFUSED' ? 'connection refused' : error.message, error.code ?? 'EIO'));
      });
      socket.connect({ host, port }, () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        socket.setNoDelay(true);
        resolve(new TcpSession(socket));
      });
    });
  }

  write(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.socket.write(text, 'utf8', (error) => (error ? reject(this.failure ?? new TcpSessionError(error.message, 'EIO')) : resolve()));
    });
  }

  /** Waits until what has been received satisfies `done`; returns all of it. */
  readUntil(done: (received: string) => boolean, timeoutMs: number): Promise<string> {
    return this.waitFor(() => {
      if (done(this.received)) return true;
      if (this.failure) throw this.failure;
      if (this.closed) throw new TcpSessionError('the other end closed the connection', 'ECONNRESET');
      return false;
    }, timeoutMs, () => new TcpSessionError(`no answer within ${seconds(timeoutMs)}`, 'ETIMEDOUT')).then(() => this.received);
  }

  /**
   * Sends the end of our data within `timeoutMs` (a printer that stops reading
   * holds it up), then gives the other end a moment to close before closing:
   * what was written is on its way either way.
   */
  async end(timeoutMs: number): Promise<void> {
    let finished = false;
    this.socket.end(() => {
      finished = true;
      this.notify();
    });
    await this.waitFor(
      () => {
        if (this.failure) throw this.failure;
        return finished;
      },
      timeoutMs,
      () => new TcpSessionError(`the data was not taken within ${seconds(timeoutMs)}`, 'ETIMEDOUT'),
    );
    await this.waitFor(() => this.closed, CLOSE_GRACE_MS, () => new Error('still open')).catch(() => undefined);
    this.destroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private waitFor(ready: () => boolean, timeoutMs: number, timeout: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        try {
          if (!ready()) return;
          finish();
          resolve();
        } catch (error) {
          finish();
          reject(error as Error);
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(timeout());
      }, timeoutMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }
}
