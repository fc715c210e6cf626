/**
 * @module
 * CSV for the portal's open data (RFC 4180, every field quoted). A text cell that
 * a spreadsheet would run as a formula (one starting with =, +, -, @, a tab or a
 * carriage return) gets a leading apostrophe, so opening a published log never
 * runs anything (OWASP's advice on CSV injection). Numbers stay numbers.
 */

/** One cell, quoted; text that a spreadsheet would read as a formula is neutralised. */
export function csvCell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

export function toCsv(header: string[], rows: (string | number)[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
