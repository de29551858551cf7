import type { Counters, Step } from '../../../shared/api';
import type { PanelProgress, PanelStatus } from './panels';

/** Each step of a board's way through the bench, as the operator reads it. */
export const STEP_WORDS: Record<Step, string> = {
  connecting: 'Connecting',
  identifying: 'Identifying the chip',
  allocating: 'Taking its identity',
  building: 'Building factory data',
  flashing: 'Flashing',
  checking: 'Checking it boots',
  recording: 'Recording in the ledger',
  labelling: 'Printing the label',
};

export const STATUS_WORDS: Record<PanelStatus, string> = {
  idle: 'Idle',
  waiting: 'Waiting for board',
  working: 'Working',
  retrying: 'Trying again',
  passed: 'Passed',
  failed: 'Failed',
  stopped: 'Stopped',
};

export const percentOf = (progress: PanelProgress): number => (progress.total > 0 ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : 0);

export const phaseWords = (progress: PanelProgress): string => (progress.phase === 'write' ? 'writing' : 'verifying');

/** "1:05" for 65 s, "12 s" under a minute. */
export function elapsedWords(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, '0')}`;
}

export const yieldWords = (counters: Counters): string => (counters.pass + counters.fail === 0 ? '—' : `${(counters.yield * 100).toFixed(1)} %`);
