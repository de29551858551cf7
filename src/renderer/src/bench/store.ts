import type { AppEvent, BenchState } from '../../../shared/api';
import { applyEvents, emptyPanels, panelsFromState, type BenchPanels } from './panels';

/**
 * The bench panels outside React, so that they live on while another view is
 * shown and so that only the Bench view redraws when events come: a batch is
 * applied at once, and the subscribers hear of it at most once per frame.
 */
export interface BenchStore {
  get(): BenchPanels;
  apply(events: readonly AppEvent[]): void;
  /** Replaces the panels with what bench.state says (a window opened mid-run, a start answered). */
  load(state: BenchState): void;
  subscribe(listener: () => void): () => void;
}

export function createBenchStore(now: () => number = Date.now): BenchStore {
  let panels = emptyPanels();
  const listeners = new Set<() => void>();
  let scheduled = false;
  const notify = () => {
    scheduled = false;
    for (const listener of [...listeners]) listener();
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible') requestAnimationFrame(notify);
    else setTimeout(notify, 0);
  };
  return {
    get: () => panels,
    apply(events) {
      const next = applyEvents(panels, events, now());
      if (next === panels) return;
      panels = next;
      schedule();
    },
    load(state) {
      panels = panelsFromState(state, now());
      schedule();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
