/** The app's four views and their keys: a router is a piece of state. */
export const VIEWS = [
  { id: 'bench', label: 'Bench' },
  { id: 'job', label: 'Job' },
  { id: 'ledger', label: 'Ledger' },
  { id: 'labels', label: 'Labels' },
] as const;

export type ViewId = (typeof VIEWS)[number]['id'];

/** What a view is opened with (the Ledger's scanned serial, the Labels' device). */
export interface Route {
  view: ViewId;
  focusSerial?: string;
  /** Counts scans, so that the same serial scanned again opens it again. */
  focusScan?: number;
  allocationId?: number;
}

/** "Alt+1" for the first view, as aria-keyshortcuts spells it (Control+1 works too). */
export const shortcutOf = (index: number): string => `Alt+${index + 1} Control+${index + 1}`;

/** The view Alt+1..4 or Ctrl+1..4 asks for, if the key is one of them. */
export function viewForKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): ViewId | undefined {
  if (event.altKey === event.ctrlKey || event.metaKey || event.shiftKey) return undefined;
  const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : undefined);
  if (!digit) return undefined;
  return VIEWS[Number(digit) - 1]?.id;
}
