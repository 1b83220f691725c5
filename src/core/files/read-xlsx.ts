import ExcelJS from 'exceljs';
import { codedField, validationError } from '../../domain/errors.ts';
import { readHead, type OpenedTable, type TableRow, type TableSource } from './open-table.ts';
import { checkXlsxBounds } from './xlsx-bounds.ts';

type Row = ExcelJS.Row;
type WorksheetReader = ExcelJS.stream.xlsx.WorksheetReader & { name: string };
interface SheetModel { name: string }

/** Streams one sheet of a workbook (the first, or the named one) without loading the workbook. */
export async function readXlsx(source: TableSource): Promise<OpenedTable> {
  await readHead(source.path, 4); // a missing file is a not_found, as for CSV
  await checkXlsxBounds(source.path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(source.path, {
    sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  const sheetsIterator = workbook[Symbol.asyncIterator]();
  const close = async (): Promise<void> => {
    await sheetsIterator.return?.(undefined);
    (workbook as unknown as { stream?: { destroy(): void } }).stream?.destroy();
  };

  let sheets: string[] = [];
  let sheet: WorksheetReader | undefined;
  try {
    for (;;) {
      const next = await sheetsIterator.next();
      if (next.done) break;
      const candidate = next.value as WorksheetReader;
      sheets = ((workbook as unknown as { model?: { sheets?: SheetModel[] } }).model?.sheets ?? []).map((s) => s.name);
      const wanted = source.sheet ?? sheets[0] ?? candidate.name;
      if (candidate.name === wanted) {
        sheet = candidate;
        break;
      }
    }
  } catch (error) {
    await close();
    throw validationError([codedField('file', 'file.not_xlsx', { reason: (error as Error).message })]);
  }
  if (!sheet) {
    await close();
    if (source.sheet) throw validationError([codedField('sheet', 'file.no_sheet_named', { sheet: source.sheet, sheets: sheets.map((s) => `"${s}"`).join(', ') })]);
    throw validationError([codedField('file', 'file.no_sheets')]);
  }

  const rowsIterator = sheet[Symbol.asyncIterator]();
  let header: Row | undefined;
  for (;;) {
    const next = await rowsIterator.next();
    if (next.done) break;
    if (!isBlank(cellTexts(next.value))) {
      header = next.value;
      break;
    }
  }
  if (!header) {
    await close();
    throw validationError([codedField('file', 'file.sheet_empty', { sheet: sheet.name })]);
  }
  const headers = trimEnd(cellTexts(header)).map((h) => h.trim());
  const width = headers.length;

  async function* rows(): AsyncGenerator<TableRow> {
    try {
      for (;;) {
        const next = await rowsIterator.next();
        if (next.done) return;
        const texts = cellTexts(next.value);
        if (isBlank(texts)) continue;
        const length = trimEnd(texts).length;
        if (length > width) yield { row: next.value.number, values: texts.slice(0, width), rawLength: length };
        else yield { row: next.value.number, values: pad(texts, width) };
      }
    } finally {
      await rowsIterator.return?.(undefined);
      await close();
    }
  }

  return {
    // A sheet streamed before the workbook's list of names only has exceljs' stand-in name (Sheet1):
    // no name then, so a job reading the file again takes the first sheet instead of asking for Sheet1.
    meta: { format: 'xlsx', encoding: null, delimiter: null, sheet: sheets.includes(sheet.name) ? sheet.name : null, sheets, headers },
    rows: rows(),
  };
}

/** Excel's last column, XFD: a cell beyond it is no spreadsheet's, and would make a row as long as its number. */
const MAX_COLUMNS = 16_384;

function cellTexts(row: Row): string[] {
  const texts: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    if (col > MAX_COLUMNS) throw validationError([codedField('file', 'file.beyond_xfd', { row: row.number, limit: MAX_COLUMNS })]);
    while (texts.length < col - 1) texts.push('');
    texts[col - 1] = cellText(cell.value, cell.numFmt);
  });
  return texts;
}

/** What the user sees in the cell, without float noise or exponents; dates as ISO. */
export function cellText(value: ExcelJS.CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: ExcelJS.CellValue }).result ?? null, numFmt);
  if ('error' in value) return value.error;
  if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  return '';
}

function numberText(value: number, numFmt?: string): string {
  if (!Number.isFinite(value)) return '';
  if (numFmt && isDateFormat(numFmt)) return dateText(excelDate(value));
  if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
  const rounded = Number(value.toPrecision(15));
  if (Math.abs(rounded) >= 1e-6) return rounded.toString();
  return rounded.toFixed(20).replace(/0+$/, '');
}

const isDateFormat = (format: string): boolean => /[dmyh]/i.test(format.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '')) && !/^general$/i.test(format);

function excelDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

function dateText(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.slice(0, 19);
}

function isBlank(texts: string[]): boolean {
  return texts.every((t) => t.trim() === '');
}

function trimEnd(texts: string[]): string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1]!.trim() === '') end--;
  return texts.slice(0, end);
}

function pad(texts: string[], width: number): string[] {
  while (texts.length < width) texts.push('');
  return texts;
}
