/** How the ledger's values are written on screen. */

const two = (value: number): string => String(value).padStart(2, '0');

/** An ISO time as local "YYYY-MM-DD HH:MM:SS"; a text that is not a time as it is; null as an em dash. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** 1000000 as "1,000,000". */
export const formatCount = (count: number): string => count.toLocaleString('en-US');

/** "1 device", "3 devices". */
export const devices = (count: number): string => `${formatCount(count)} ${count === 1 ? 'device' : 'devices'}`;

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** An event's data in one line: "key: value, …", long values and the whole line cut with an ellipsis. */
export function summariseData(data: Record<string, unknown>, max = 160): string {
  const parts = Object.entries(data).map(([key, value]) => `${key}: ${cut(valueText(value), 48)}`);
  return cut(parts.join(', '), max);
}
