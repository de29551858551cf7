/** "0x10000" or "65536" → 65536. The strings have been checked against OFFSET_PATTERN. */
export const parseOffset = (text: string): number => (/^0[xX]/.test(text) ? parseInt(text.slice(2), 16) : parseInt(text, 10));

/** "4MB", "512KB" → bytes; undefined for esptool's "detect" and "keep" and anything else. */
export function parseFlashSize(text: string): number | undefined {
  const match = /^([0-9]+)(KB|MB)$/.exec(text);
  return match ? Number(match[1]) * (match[2] === 'MB' ? 0x100000 : 0x400) : undefined;
}

export const hex = (n: number): string => `0x${n.toString(16)}`;

/** Sizes for messages: "1.5 MiB", "24 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 0x100000) return `${+(n / 0x100000).toFixed(2)} MiB`;
  if (n >= 0x400) return `${+(n / 0x400).toFixed(1)} KiB`;
  return `${n} bytes`;
}
