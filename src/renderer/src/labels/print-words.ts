/**
 * What a failed label print means, in plain words: main's message (without
 * the call's name in front) and what to do at the printer.
 */

/** Main's message without the "labels.print: " it puts in front. */
export const withoutCallName = (message: string): string => message.replace(/^[a-z]+\.[a-z]+:\s*/i, '');

/** Whether main refused because the print is a reprint and no reason was given. */
export const needsReason = (message: string): boolean => /needs a reason/i.test(message);

const ADVICE: [RegExp, string][] = [
  [/paper out|media out|out of (paper|labels)/i, 'Load labels into the printer, then print again.'],
  [/ribbon out/i, 'Put a new ribbon in the printer, then print again.'],
  [/head open/i, 'Close the print head, then print again.'],
  [/paused/i, 'Press PAUSE on the printer to resume it, then print again.'],
  [/too hot|too cold/i, 'Let the print head come back to its temperature, then print again.'],
  [/receive buffer full/i, 'Wait for the printer to finish what it has, then print again.'],
  [/offline|unreachable|ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|timed out|timeout/i, 'The printer does not answer: check that it is on, its cable, and its address in the printers file.'],
  [/did not take the label|ECONNRESET|closed the connection/i, 'The label may not have come out: look at the printer. If it did, a new print is a reprint and needs a reason.'],
  [/voided/i, 'A voided identity is never printed again: provision the board to give it a new one.'],
  [/no printer "|names no printer|system printer/i, 'Choose another printer, or fix the printers file.'],
  [/could not write the PDF/i, 'Check that the PDF folder exists and can be written.'],
  [/cannot be laid out/i, 'The label template does not fit this device: the engineer must change it.'],
];

/** What to do about a failed print, when we know. */
export function printAdvice(message: string): string | undefined {
  return ADVICE.find(([pattern]) => pattern.test(message))?.[1];
}

/** A label's size in mm, as "50 × 25 mm". */
export function sizeText(widthMm: number, heightMm: number): string {
  const mm = (value: number) => String(Math.round(value * 10) / 10);
  return `${mm(widthMm)} × ${mm(heightMm)} mm`;
}

/** The preview SVG as a data: URL for an <img> (the page's policy allows data: images; no markup is injected into the page). */
export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

interface PrintHistory {
  identities: { serial: string }[];
  labelPrints: { status: string }[];
  events: { kind: string; data: Record<string, unknown> }[];
}

/**
 * Whether the label of `serial` was printed before (so printing it again is a
 * reprint, which needs a reason). The ledger's `label.printed` events name the
 * serial; the label prints alone do not say which of a device's identities
 * they were for, so they count only for a device that had one identity.
 */
export function printedBefore(detail: PrintHistory, serial: string): boolean {
  const printed = detail.events.filter((event) => event.kind === 'label.printed');
  if (printed.length > 0) return printed.some((event) => event.data['serial'] === serial);
  return detail.identities.length <= 1 && detail.labelPrints.some((print) => print.status === 'printed');
}
