/** Where a board is on its way through the bench (DESIGN.md). */
export const STEPS = ['connecting', 'identifying', 'allocating', 'building', 'flashing', 'checking', 'recording'] as const;
export type Step = (typeof STEPS)[number];

export interface BoardFacts {
  chip?: string;
  mac?: string;
  serial?: string;
}

/** What the engine tells its watchers (the terminal view, --json, the app). */
export type BenchEvent =
  | ({ type: 'step'; port: string; slot: string; step: Step; attempt: number; at: number } & BoardFacts)
  | { type: 'progress'; port: string; slot: string; done: number; total: number; phase: 'write' | 'verify' }
  | ({ type: 'board-done'; port: string; slot: string; ms: number; attempts: number; reused: boolean } & Required<Pick<BoardFacts, 'mac' | 'serial'>> & BoardFacts)
  | ({ type: 'board-failed'; port: string; slot: string; step: Step; code: string; message: string; hint: string; attempt: number; willRetry: boolean } & BoardFacts)
  | { type: 'summary'; pass: number; fail: number; yield: number; ms: number };

export type BenchListener = (event: BenchEvent) => void;
