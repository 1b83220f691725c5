import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/** Rows read before the header is written, to size the columns by what they hold. */
const SIZING_ROWS = 200;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

/** How wide text shows in a spreadsheet: CJK and other wide characters take two columns. */
function displayWidth(text: string): number {
  let width = 0;
  for (const line of text.split('\n')) {
    let lineWidth = 0;
    for (const char of line) lineWidth += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(char) ? 2 : 1;
    width = Math.max(width, lineWidth);
  }
  return width;
}

/** A cell: text stays text (ids and phones keep their digits); a number is a number a sheet can sum. */
export type XlsxCell = string | number;

/** Each column as wide as its header or its widest cell among the first rows, within bounds. */
export function columnWidths(headers: readonly string[], rows: ReadonlyArray<readonly XlsxCell[]>): number[] {
  return headers.map((header, i) => {
    const widest = rows.reduce((max, row) => Math.max(max, displayWidth(String(row[i] ?? ''))), displayWidth(header));
    return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
  });
}

/**
 * An XLSX workbook of one sheet, streamed with exceljs' WorkbookWriter: rows are committed as
 * they come and the writer waits while the reader is behind, so memory stays flat. Every string
 * is written as text, so phone numbers and ids keep their digits; numbers are numbers. The header row stays in view
 * (frozen) and the columns are sized by the first rows.
 */
export function xlsxStream(headers: readonly string[], rows: AsyncIterable<readonly XlsxCell[]>, sheetName: string): Readable {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  const write = async (): Promise<void> => {
    const iterator = rows[Symbol.asyncIterator]();
    try {
      const first: Array<readonly XlsxCell[]> = [];
      let isDone = false;
      while (first.length < SIZING_ROWS) {
        const next = await iterator.next();
        if (next.done) {
          isDone = true;
          break;
        }
        first.push(next.value);
      }
      sheet.columns = columnWidths(headers, first).map((width) => ({ width }));
      sheet.addRow([...headers]).commit();
      let count = 0;
      const add = async (row: readonly XlsxCell[]) => {
        sheet.addRow([...row]).commit();
        if (++count % 500 === 0 && out.writableNeedDrain) await once(out, 'drain');
      };
      for (const row of first) {
        if (out.destroyed) return;
        await add(row);
      }
      while (!isDone) {
        if (out.destroyed) return;
        const next = await iterator.next();
        if (next.done) break;
        await add(next.value);
      }
      sheet.commit();
      await workbook.commit();
    } finally {
      await iterator.return?.(undefined);
    }
  };
  write().catch((error: unknown) => out.destroy(error as Error));
  return out;
}
