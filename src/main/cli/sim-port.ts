import type * as Sim from '../../../test/sim/index.js';

/** How long a hung board stays hung, or an unplugged one away, before the sim brings it back. */
const COMEBACK_MS = 1000;

export interface SimulatedPortOptions {
  board: Sim.PtyBoardOptions;
  /** One line about something that happened to the board (hung, unplugged). */
  log(text: string): void;
  /** The board is ready on a pty: at the start, and again after each re-plug. */
  ready(port: SimulatedPort): void;
}

/**
 * One simulated board behind a pseudo-terminal, and what a pty cannot do by itself. It has no reset
 * lines, so a board that hangs is restarted into its app a second later (the next connect's SYNC
 * then takes it back to the loader, as the client's reset would). An unplugged board is plugged
 * back in on a new pty a second later: the same board, so its flash, MAC and faults (with their
 * counts: a one-shot fault that fired stays spent) come along.
 */
export class SimulatedPort {
  private pty: Sim.PtyBoard;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private stopWatching: () => void = () => undefined;

  constructor(
    private readonly sim: typeof Sim,
    private readonly options: SimulatedPortOptions,
  ) {
    this.pty = this.plug(this.sim.startPtyBoard(options.board));
  }

  /** The pty to open (its slave device). */
  get path(): string {
    return this.pty.path;
  }

  get link(): string | undefined {
    return this.pty.link;
  }

  get board(): Sim.SimBoard {
    return this.pty.board;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.stopWatching();
    this.pty.close();
  }

  private plug(pty: Sim.PtyBoard): Sim.PtyBoard {
    const name = `${pty.board.chip.name} on ${pty.path}`;
    const stopMode = pty.board.onModeChange((mode) => {
      if (mode !== 'hung') return;
      this.later(() => {
        this.options.log(`${name} stopped answering; restarted into its app (the next connect brings it back to the loader)`);
        pty.reset('app');
      });
    });
    const stopUnplug = pty.board.onUnplug(() => {
      if (this.closed) return;
      this.options.log(`${name} was unplugged; plugging it back in`);
      this.later(() => {
        this.stopWatching();
        this.pty = this.plug(this.sim.startPtyBoard({ board: pty.board, link: this.options.board.link, startIn: this.options.board.startIn }));
        this.options.ready(this);
      });
    });
    this.stopWatching = () => {
      stopMode();
      stopUnplug();
    };
    return pty;
  }

  private later(action: () => void): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.closed) action();
    }, COMEBACK_MS);
  }
}
