import { useEffect, useRef } from 'react';
import { emptyScan, scanKey, type ScanBuffer } from './scanner';

/** Whether the key went to something that takes typing itself (then it is never a scan). */
function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/** Listens to the whole window for a barcode scanner's quick keys and Enter; calls `onScan` with what was scanned. */
export function useScanner(onScan: (scanned: string) => void): void {
  const latest = useRef(onScan);
  useEffect(() => {
    latest.current = onScan;
  });
  useEffect(() => {
    let buffer: ScanBuffer = emptyScan;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || event.isComposing || typingTarget(event.target)) {
        buffer = emptyScan;
        return;
      }
      const step = scanKey(buffer, event.key, event.timeStamp);
      buffer = step.buffer;
      if (step.consumed) event.preventDefault();
      if (step.scanned !== undefined) latest.current(step.scanned);
    };
    window.addEventListener('keydown', onKeyDown, { capture: true });
    return () => window.removeEventListener('keydown', onKeyDown, { capture: true });
  }, []);
}
