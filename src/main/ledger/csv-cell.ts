/**
 * One CSV field (RFC 4180) that a spreadsheet will show as text, never run as
 * a formula: a value starting with = + - @ or a tab or carriage return gets a
 * leading apostrophe (OWASP's advice against CSV injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export const csvLine = (values: readonly (string | number | null | undefined)[]): string => `${values.map(csvCell).join(',')}\r\n`;
