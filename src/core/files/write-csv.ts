import { guardFormula } from '../../domain/formula-guard.ts';

const FLUSH_AT = 64 * 1024;
const NEEDS_QUOTES = /[",\r\n;\t]|^\s|\s$/;

/**
 * One CSV cell: a value a spreadsheet would run as a formula gets a leading ' (formula
 * injection guard), then quotes where needed with "" escapes.
 */
export function csvCell(value: string): string {
  const text = guardFormula(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (values: readonly string[]): string => `${values.map(csvCell).join(',')}\r\n`;

/** A CSV file as text chunks: UTF-8 BOM (so Excel reads Chinese), header line, CRLF rows. */
export async function* csvChunks(headers: readonly string[], rows: AsyncIterable<readonly string[]>): AsyncGenerator<string> {
  let chunk = `\ufeff${csvLine(headers)}`;
  for await (const row of rows) {
    chunk += csvLine(row);
    if (chunk.length >= FLUSH_AT) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk.length > 0) yield chunk;
}
