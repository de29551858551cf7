import { memo, useId } from 'react';
import type { SlotPanel } from './panels';
import { STATUS_WORDS, STEP_WORDS, elapsedWords, percentOf, phaseWords, yieldWords } from './words';

/**
 * One slot of the bench. Memoised: it redraws only when its own panel object
 * changes (the reducer keeps the object of an untouched slot) or, while a board
 * is under way, when the clock ticks.
 */
export const SlotPanelView = memo(function SlotPanelView({ panel, now }: { panel: SlotPanel; now?: number }) {
  const id = useId();
  const underWay = panel.status === 'working' || panel.status === 'retrying';
  const elapsed = panel.durationMs ?? (panel.startedAt !== undefined && now !== undefined ? now - panel.startedAt : undefined);
  const percent = panel.progress ? percentOf(panel.progress) : 0;
  const stepText = underWay
    ? panel.step
      ? `${STEP_WORDS[panel.step]}${panel.attempt > 1 ? ` (attempt ${panel.attempt})` : ''}`
      : 'Board plugged in'
    : panel.status === 'passed'
      ? 'Done'
      : panel.status === 'failed' || panel.status === 'stopped'
        ? `Ended at: ${STEP_WORDS[panel.step ?? 'connecting'].toLowerCase()}`
        : panel.last
          ? `Last board: ${panel.last.serial ?? 'no serial'} ${panel.last.result}`
          : ' ';
  return (
    <article className={`slot-panel status-${panel.status}`} aria-labelledby={`${id}-name`} data-slot={panel.slot}>
      <header className="slot-head">
        <h3 id={`${id}-name`} className="slot-name">
          {panel.slot}
        </h3>
        <span className="status-badge" data-testid="status">
          {STATUS_WORDS[panel.status]}
        </span>
      </header>
      <p className="slot-port" title={panel.port}>
        {panel.port}
      </p>
      <dl className="slot-facts">
        <div>
          <dt>Chip</dt>
          <dd>{panel.chip ?? '—'}</dd>
        </div>
        <div>
          <dt>MAC</dt>
          <dd className="mono">{panel.mac ?? '—'}</dd>
        </div>
        <div>
          <dt>Serial</dt>
          <dd className="mono">{panel.serial ?? '—'}</dd>
        </div>
      </dl>
      <p className="slot-step" data-testid="step">
        {stepText}
      </p>
      <div className="slot-progress">
        <div
          className="progress-track"
          role="progressbar"
          aria-label={`Flashing progress, ${panel.slot}`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={panel.progress ? `${phaseWords(panel.progress)} ${percent} %` : 'not started'}
        >
          <div className={`progress-fill phase-${panel.progress?.phase ?? 'none'}`} style={{ transform: `scaleX(${percent / 100})` }} />
        </div>
        <span className="progress-words">{panel.progress ? `${phaseWords(panel.progress)} ${percent} %` : ''}</span>
      </div>
      <p className="slot-elapsed">{elapsed !== undefined ? `${underWay ? 'Elapsed' : 'Took'} ${elapsedWords(elapsed)}` : ' '}</p>
      {panel.error && (
        <div className="slot-error" data-testid="error">
          <p className="slot-error-message">
            {panel.error.code === 'stopped' ? 'Stopped' : 'Failed'} while {STEP_WORDS[panel.error.step].toLowerCase()}: {panel.error.message}
          </p>
          {panel.error.hint && <p className="slot-error-hint">{panel.error.hint}</p>}
          {panel.error.willRetry && <p className="slot-error-retry">Will retry (attempt {panel.error.attempt} failed).</p>}
        </div>
      )}
      <footer className="slot-counters" aria-label={`Counters, ${panel.slot}`}>
        <span>pass {panel.counters.pass}</span>
        <span>fail {panel.counters.fail}</span>
        {panel.counters.stopped > 0 && <span>stopped {panel.counters.stopped}</span>}
        <span>yield {yieldWords(panel.counters)}</span>
      </footer>
    </article>
  );
});
