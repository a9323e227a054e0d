/**
 * One CSV line (RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled). A cell
 * a spreadsheet would run as a formula (=, +, -, @ first: a masked number, an organizer's free text)
 * is kept as text with a leading apostrophe (OWASP's CSV injection advice).
 */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

function csvCell(cell: string): string {
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
