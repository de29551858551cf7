/** Where a board is on its way through the bench (DESIGN.md). */
export const STEPS = ['connecting', 'identifying', 'allocating', 'building', 'flashing', 'checking', 'recording', 'labelling'] as const;
export type Step = (typeof STEPS)[number];

export interface BoardFacts {
  chip?: string;
  mac?: string;
  serial?: string;
}

/** Boards counted by how they ended. A board stopped by the operator is neither a pass nor a fail: it is not in the yield. */
export interface Counters {
  pass: number;
  fail: number;
  stopped: number;
  /** pass / (pass + fail): 1 while no board has ended. */
  yield: number;
}

export interface SlotCounters extends Counters {
  slot: string;
}

/** What the engine tells its watchers (the terminal view, --json, the per-port logs, the app). No event carries a key or a certificate. */
export type BenchEvent =
  | { type: 'slot'; slot: string; port: string; state: 'plugged' | 'removed' }
  | ({ type: 'step'; port: string; slot: string; step: Step; attempt: number; at: number } & BoardFacts)
  | { type: 'progress'; port: string; slot: string; done: number; total: number; phase: 'write' | 'verify' }
  | ({ type: 'board-done'; port: string; slot: string; ms: number; attempts: number; reused: boolean } & Required<Pick<BoardFacts, 'mac' | 'serial'>> & BoardFacts)
  | ({ type: 'board-failed'; port: string; slot: string; step: Step; code: string; message: string; hint: string; attempt: number; willRetry: boolean } & BoardFacts)
  /** After each board in continuous mode; `slot` is the one whose board just ended. */
  | { type: 'counters'; slot: string; slots: SlotCounters[]; total: Counters }
  | ({ type: 'summary'; ms: number; slots?: SlotCounters[] } & Counters);

export type BenchListener = (event: BenchEvent) => void;
