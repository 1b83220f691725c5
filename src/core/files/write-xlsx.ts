import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';

/**
 * An XLSX workbook of one sheet, streamed with exceljs' WorkbookWriter: rows are committed as
 * they come and the writer waits while the reader is behind, so memory stays flat. Every cell
 * is written as text, so phone numbers and ids keep their digits.
 */
export function xlsxStream(headers: readonly string[], rows: AsyncIterable<readonly string[]>, sheetName: string): Readable {
  const out = new PassThrough({ highWaterMark: 1024 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31));
  const write = async (): Promise<void> => {
    const iterator = rows[Symbol.asyncIterator]();
    try {
      sheet.addRow([...headers]).commit();
      let count = 0;
      for (;;) {
        if (out.destroyed) return;
        const next = await iterator.next();
        if (next.done) break;
        sheet.addRow([...next.value]).commit();
        if (++count % 500 === 0 && out.writableNeedDrain) await once(out, 'drain');
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
