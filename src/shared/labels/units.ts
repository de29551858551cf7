/** The resolutions of thermal label printers, in dots per inch. */
export const DPIS = [203, 300, 600] as const;
export type Dpi = (typeof DPIS)[number];

/** Millimetres to printer dots, to the nearest dot (ZPL positions every field in whole dots). */
export const mmToDots = (mm: number, dpi: Dpi): number => Math.round((mm * dpi) / 25.4);

/** The exact size in dots, for a drawing that must be as wide as the label in millimetres. */
export const mmToDotsExact = (mm: number, dpi: Dpi): number => (mm * dpi) / 25.4;
