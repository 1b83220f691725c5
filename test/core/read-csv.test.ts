import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openTable, type TableRow, type TableSource } from '../../src/core/files/open-table.ts';

/** Files real tools wrote, kept in the repository (see each folder's SOURCE.md). */
const FIXTURES = join(import.meta.dirname, '../fixtures');

const dir = mkdtempSync(join(tmpdir(), 'kehu-csv-'));
let fileNo = 0;
function file(content: string | Buffer, ext = '.csv'): string {
  const path = join(dir, `f${fileNo++}${ext}`);
  writeFileSync(path, content);
  return path;
}

async function read(source: TableSource): Promise<{ meta: Awaited<ReturnType<typeof openTable>>['meta']; rows: TableRow[] }> {
  const { meta, rows } = await openTable(source);
  const all: TableRow[] = [];
  for await (const row of rows) all.push(row);
  return { meta, rows: all };
}

describe('CSV reader', () => {
  it('reads a GBK file as Chinese Excel writes it, detecting the encoding', async () => {
    const text = '客户名称,手机,邮箱\r\n北京某某科技有限公司,13812345678,a@b.cn\r\n张伟,+86 138 1234 5678,\r\n';
    const { meta, rows } = await read({ path: file(iconv.encode(text, 'gbk')) });
    expect(meta.encoding).toBe('gb18030');
    expect(meta.headers).toEqual(['客户名称', '手机', '邮箱']);
    expect(rows).toEqual([
      { row: 2, values: ['北京某某科技有限公司', '13812345678', 'a@b.cn'] },
      { row: 3, values: ['张伟', '+86 138 1234 5678', ''] },
    ]);
  });

  it('reads GB18030 four-byte characters and a long GBK file whose sample ends mid-character', async () => {
    const line = '䶮𠀀公司,上海市浦东新区\r\n';
    const body = '名称,地址\r\n' + line.repeat(20_000);
    const { meta, rows } = await read({ path: file(iconv.encode(body, 'gb18030')) });
    expect(meta.encoding).toBe('gb18030');
    expect(rows).toHaveLength(20_000);
    expect(rows.every((r) => r.values[0] === '䶮𠀀公司' && r.values[1] === '上海市浦东新区')).toBe(true);
  });

  it('lets the user override the encoding', async () => {
    const path = file(iconv.encode('名稱\r\n張偉\r\n', 'big5'));
    const { meta, rows } = await read({ path, encoding: 'Big5' });
    expect(meta.encoding).toBe('big5');
    expect(meta.headers).toEqual(['名稱']);
    expect(rows[0]!.values).toEqual(['張偉']);
  });

  it('refuses an unknown encoding naming the field', async () => {
    await expect(openTable({ path: file('a\n1\n'), encoding: 'klingon' })).rejects.toMatchObject({ code: 'validation', errors: [{ field: 'encoding' }] });
  });

  it('strips a UTF-8 BOM and reads UTF-8 without one', async () => {
    const withBom = await read({ path: file('\ufeffName,Phone\n张伟,1\n') });
    const without = await read({ path: file('Name,Phone\n张伟,1\n') });
    for (const { meta, rows } of [withBom, without]) {
      expect(meta.encoding).toBe('utf-8');
      expect(meta.headers).toEqual(['Name', 'Phone']);
      expect(rows).toEqual([{ row: 2, values: ['张伟', '1'] }]);
    }
  });

  it('sniffs semicolon and tab delimiters from the header line', async () => {
    const semi = await read({ path: file('Name;Phone;City\n"Müller, Hans";030 1234;Berlin\n') });
    expect(semi.meta.delimiter).toBe(';');
    expect(semi.rows[0]!.values).toEqual(['Müller, Hans', '030 1234', 'Berlin']);
    const tab = await read({ path: file('Name\tPhone\nA, B\t1;2\n', '.tsv') });
    expect(tab.meta.delimiter).toBe('\t');
    expect(tab.rows[0]!.values).toEqual(['A, B', '1;2']);
  });

  it('keeps quoted newlines and "" escapes, counts rows as a spreadsheet shows them and skips blank lines', async () => {
    const csv = 'Name,Note\r\n"A ""Big"" Co","line 1\r\nline 2"\r\n\r\n,,\r\nB,  trailing  \r\nC,"x,y"';
    const { rows } = await read({ path: file(csv) });
    expect(rows).toEqual([
      { row: 2, values: ['A "Big" Co', 'line 1\r\nline 2'] },
      { row: 5, values: ['B', '  trailing  '] },
      { row: 6, values: ['C', 'x,y'] },
    ]);
  });

  it('pads short rows and truncates long ones, telling the real length', async () => {
    const { rows } = await read({ path: file('a,b,c\n1\n1,2,3,4\n') });
    expect(rows).toEqual([
      { row: 2, values: ['1', '', ''], rawLength: 1 },
      { row: 3, values: ['1', '2', '3'], rawLength: 4 },
    ]);
  });

  it('keeps a quote inside an unquoted field and closes an unterminated quote at the end', async () => {
    const { rows } = await read({ path: file('a,b\n15" screen,x\n"open,y') });
    expect(rows).toEqual([
      { row: 2, values: ['15" screen', 'x'] },
      { row: 3, values: ['open,y', ''], rawLength: 1 },
    ]);
  });

  it('reads records that straddle the read chunks', async () => {
    const note = 'n'.repeat(300_000);
    const { rows } = await read({ path: file(`a,b\n"${note}\n""q""",2\nx,3\n`) });
    expect(rows.map((r) => [r.values[0]!.length, r.values[1]])).toEqual([[note.length + 4, '2'], [1, '3']]);
  });

  it('reads the Salesforce data loader exports', async () => {
    const accounts = await read({ path: join(FIXTURES, 'crm-exports/salesforce_dataloader_accountData.csv') });
    expect(accounts.meta.headers.slice(0, 4)).toEqual(['ID', 'ISDELETED', 'MASTERRECORDID', 'NAME']);
    expect(accounts.rows.length).toBeGreaterThan(400);
    expect(accounts.rows.every((r) => r.values.length === accounts.meta.headers.length && r.rawLength === undefined)).toBe(true);
    expect(accounts.rows.find((r) => r.values[3] === 'Experion Systems, Inc.')?.values[7]).toBe('MAYNARD');
    const opportunities = await read({ path: join(FIXTURES, 'crm-exports/salesforce_dataloader_opportunityData.csv') });
    expect(opportunities.rows.length).toBeGreaterThan(30);
  });

  it('detects the format of a file without a known extension, and rejects an empty file', async () => {
    const { meta } = await read({ path: file('x,y\n1,2\n', '.dat') });
    expect(meta.format).toBe('csv');
    await expect(openTable({ path: file('\n\n') })).rejects.toMatchObject({ code: 'validation' });
    await expect(openTable({ path: join(dir, 'missing.csv') })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lets the consumer stop early', async () => {
    const { rows } = await openTable({ path: file('a\n' + '1\n'.repeat(100_000)) });
    let n = 0;
    for await (const _ of rows) if (++n === 3) break;
    expect(n).toBe(3);
  });
});
