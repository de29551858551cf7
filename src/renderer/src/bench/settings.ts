import type { BenchStart, JobView } from '../../../shared/api';

/** What the Bench view's controls hold (as typed: numbers are checked when Start is pressed). */
export interface BenchSettings {
  mode: 'once' | 'continuous';
  source: 'simulate' | 'auto' | 'list';
  simulate: string;
  ports: string;
  retries: string;
  printer: string;
}

export const defaultSettings: BenchSettings = { mode: 'once', source: 'simulate', simulate: '4', ports: '', retries: '1', printer: '' };

const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
};

/** The bench.start request the settings make, or what is wrong with them in plain words. */
export function startRequest(settings: BenchSettings, passphrase: string, job: Pick<JobView, 'needsPassphrase'>): { request: BenchStart } | { problem: string } {
  const retries = wholeNumber(settings.retries, 0, 10);
  if (retries === undefined) return { problem: 'Retries must be a whole number from 0 to 10.' };
  let source: BenchStart['source'];
  if (settings.source === 'simulate') {
    const count = wholeNumber(settings.simulate, 1, 64);
    if (count === undefined) return { problem: 'Simulated boards must be a whole number from 1 to 64.' };
    source = { kind: 'simulate', count };
  } else if (settings.source === 'auto') {
    source = { kind: 'ports', ports: 'auto' };
  } else {
    const ports = settings.ports
      .split(',')
      .map((port) => port.trim())
      .filter((port) => port.length > 0);
    if (ports.length === 0) return { problem: 'List the ports to use, separated by commas (for example /dev/ttyUSB0, /dev/ttyUSB1).' };
    if (ports.length > 64) return { problem: 'At most 64 ports can run at once.' };
    source = { kind: 'ports', ports };
  }
  if (job.needsPassphrase && !passphrase) return { problem: "This job issues certificates: type the CA's passphrase." };
  const printer = settings.printer.trim();
  return {
    request: {
      mode: settings.mode,
      source,
      retries,
      ...(job.needsPassphrase ? { passphrase } : {}),
      ...(printer ? { printer } : {}),
    },
  };
}
