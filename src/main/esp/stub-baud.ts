/**
 * Whether a flasher stub keeps the baud rate the ROM was switched to before uploading it. Assumed
 * until a board shows otherwise; then remembered, per stub file, for the rest of the process, so
 * later connects upload that stub at 115200 and change the baud rate through it.
 */
const fallsBack = new Set<string>();

export function stubKeepsRomBaud(file: string): boolean {
  return !fallsBack.has(file);
}

export function rememberStubNeedsRomBaud(file: string): void {
  fallsBack.add(file);
}

/** Tests: forget what earlier connects learned. */
export function forgetStubBaudPaths(): void {
  fallsBack.clear();
}
