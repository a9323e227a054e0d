import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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

export interface CsvDownload {
  fileName: string;
  head: readonly string[];
  rows: AsyncIterable<readonly string[]>;
}

/**
 * Sends `rows` as a CSV file, a line at a time as the client takes them. The first row is read
 * before anything is sent, so rows that cannot be read at all fail as an ordinary error answer.
 * Rows that fail part-way cut the connection: the download fails instead of ending as a shorter
 * file that looks whole. Resolves with what cut it off, if anything did (the client leaving too).
 */
export async function sendCsv(res: ServerResponse, download: CsvDownload): Promise<Error | undefined> {
  const rows = download.rows[Symbol.asyncIterator]();
  const first = await rows.next();
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${download.fileName}"`,
  });
  try {
    await pipeline(Readable.from(csvLines(download.head, first, rows)), res);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

async function* csvLines(
  head: readonly string[],
  first: IteratorResult<readonly string[]>,
  rest: AsyncIterator<readonly string[]>,
): AsyncGenerator<string> {
  // Excel reads UTF-8 (the masks' "•") only after a byte-order mark.
  yield `\uFEFF${csvLine(head)}`;
  for (let row = first; !row.done; row = await rest.next()) yield csvLine(row.value);
}
