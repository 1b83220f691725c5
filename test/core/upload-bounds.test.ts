import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTable, type TableSource } from '../../src/core/files/open-table.ts';
import { writeEndlessVcard, writeSmallXlsx, writeUnclosedQuoteCsv, writeXlsxBomb } from '../../bench/upload-bombs-data.ts';

// What an upload may expand to is bounded: each bomb is refused with a 413 naming the limit,
// before the memory goes. The files are made here, never committed.

const dir = mkdtempSync(join(tmpdir(), 'kehu-bombs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GiB = 1024 * 1024 * 1024;

async function readAll(source: TableSource): Promise<string[][]> {
  const table = await openTable(source);
  const rows: string[][] = [table.meta.headers];
  for await (const row of table.rows) rows.push(row.values);
  return rows;
}

describe('upload bounds', () => {
  it('reads the bomb generator’s workbook when it holds nothing hostile', async () => {
    const path = join(dir, 'small.xlsx');
    writeSmallXlsx(path);
    expect(await readAll({ path })).toEqual([['姓名', '电话'], ['张三', '13812345678']]);
  });

  it('refuses an XLSX whose shared strings expand to 1 GiB, declared or not', async () => {
    for (const lie of [false, true]) {
      const path = join(dir, `strings-${lie}.xlsx`);
      const size = writeXlsxBomb(path, 'many-strings', GiB, lie);
      expect(size).toBeLessThan(3 * 1024 * 1024);
      await expect(readAll({ path })).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/xl\/sharedStrings\.xml expands to more than 64 MiB.*CSV/) });
    }
  });

  it('refuses an XLSX holding one cell of 1 GiB', async () => {
    const path = join(dir, 'cell.xlsx');
    writeXlsxBomb(path, 'one-cell', GiB);
    await expect(readAll({ path })).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/a cell or value in xl\/sharedStrings\.xml is longer than 1 MiB/) });
  });

  it('refuses a 30 MB vCard that never ends its card', async () => {
    const path = join(dir, 'endless.vcf');
    writeEndlessVcard(path, 30 * 1024 * 1024);
    await expect(readAll({ path })).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/card 1 is larger than 8 MiB/) });
  });

  it('refuses a CSV whose quote never closes, naming the row', async () => {
    const path = join(dir, 'unclosed.csv');
    writeUnclosedQuoteCsv(path, 3 * 1024 * 1024);
    await expect(readAll({ path })).rejects.toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/row 2 of the file is longer than 1 MiB/) });
  });
});
