import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openTable, type TableRow, type TableSource } from '../../src/core/files/open-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'kehu-xlsx-'));

async function read(source: TableSource): Promise<{ meta: Awaited<ReturnType<typeof openTable>>['meta']; rows: TableRow[] }> {
  const { meta, rows } = await openTable(source);
  const all: TableRow[] = [];
  for await (const row of rows) all.push(row);
  return { meta, rows: all };
}

async function customerWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['这一页不是数据']);
  const sheet = workbook.addWorksheet('客户');
  sheet.addRow(['客户名称', '手机', '生日', '金额', '合计', '备注', '', '标签']);
  sheet.addRow(['北京某某科技有限公司', 13812345678, new Date(Date.UTC(1990, 4, 17)), 0.1 + 0.2, { formula: 'D2*2', result: 0.6000000000000001 }, { richText: [{ text: '重要' }, { font: { bold: true }, text: '客户' }] }, '', 'VIP']);
  sheet.addRow([]);
  sheet.addRow(['Zhang Wei', '+86 138 1234 5678', new Date(Date.UTC(2024, 0, 2, 9, 30)), 12345678901234, { formula: 'D4+1', result: 12345678901235 }, true, 'extra', '', 'beyond']);
  sheet.getCell('C2').numFmt = 'yyyy-mm-dd';
  sheet.getCell('C4').numFmt = 'yyyy-mm-dd hh:mm';
  // writeBuffer, not xlsx.writeFile: ExcelJS's writeFile can resolve before the file holds the whole zip
  writeFileSync(path, Buffer.from(await workbook.xlsx.writeBuffer()));
}

describe('XLSX reader', () => {
  it('reads a named sheet with plain numbers, ISO dates, formula results and rich text as plain text', async () => {
    const path = join(dir, 'customers.xlsx');
    await customerWorkbook(path);
    const { meta, rows } = await read({ path, sheet: '客户' });
    expect(meta).toMatchObject({ format: 'xlsx', sheet: '客户', sheets: ['说明', '客户'], encoding: null });
    expect(meta.headers).toEqual(['客户名称', '手机', '生日', '金额', '合计', '备注', '', '标签']);
    expect(rows).toEqual([
      { row: 2, values: ['北京某某科技有限公司', '13812345678', '1990-05-17', '0.3', '0.6', '重要客户', '', 'VIP'] },
      { row: 4, values: ['Zhang Wei', '+86 138 1234 5678', '2024-01-02T09:30:00', '12345678901234', '12345678901235', 'TRUE', 'extra', ''], rawLength: 9 },
    ]);
  });

  it('reads the first sheet by default and names the sheets', async () => {
    const path = join(dir, 'first.xlsx');
    await customerWorkbook(path);
    const { meta, rows } = await read({ path });
    expect(meta.sheet).toBe('说明');
    expect(meta.headers).toEqual(['这一页不是数据']);
    expect(rows).toEqual([]);
  });

  it('refuses an unknown sheet naming the ones there are', async () => {
    const path = join(dir, 'named.xlsx');
    await customerWorkbook(path);
    await expect(openTable({ path, sheet: 'Kunden' })).rejects.toMatchObject({ code: 'validation', errors: [{ field: 'sheet', message: expect.stringContaining('"客户"') }] });
  });

  it('reads a workbook written by the streaming writer (shared strings after the sheet), sniffed without an extension', async () => {
    const path = join(dir, 'streamed.bin');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
    const sheet = writer.addWorksheet('Data');
    sheet.addRow(['Name', 'Phone']).commit();
    for (let i = 0; i < 2000; i++) sheet.addRow([`客户${i}`, 13800000000 + i]).commit();
    sheet.commit();
    await writer.commit();
    const { meta, rows } = await read({ path });
    expect(meta.format).toBe('xlsx');
    expect(rows).toHaveLength(2000);
    expect(rows[1999]).toEqual({ row: 2001, values: ['客户1999', '13800001999'] });
  });

  it('says so when the file is not a workbook', async () => {
    const path = join(dir, 'broken.xlsx');
    writeFileSync(path, 'not a zip at all');
    await expect(openTable({ path })).rejects.toMatchObject({ code: 'validation' });
  });
});
