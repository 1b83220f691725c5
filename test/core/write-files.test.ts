import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/core/files/open-table.ts';
import { csvCell, csvChunks } from '../../src/core/files/write-csv.ts';
import { vcardChunks } from '../../src/core/files/write-vcard.ts';
import { xlsxStream } from '../../src/core/files/write-xlsx.ts';

const dir = mkdtempSync(join(tmpdir(), 'kehu-write-'));

async function* from<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

async function readBack(bytes: Buffer, ext: string): Promise<{ headers: string[]; rows: string[][] }> {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.${ext}`);
  writeFileSync(path, bytes);
  const { meta, rows } = await openTable({ path });
  const out: string[][] = [];
  for await (const row of rows) out.push(row.values);
  return { headers: meta.headers, rows: out };
}

describe('CSV writer', () => {
  it('guards cells a spreadsheet would run as formulas, but not phone numbers or amounts', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3+cmd|\' /C calc\'!A0')).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('+86 138 1234 5678')).toBe('+86 138 1234 5678');
    expect(csvCell('+8613812345678; +861065123456')).toBe('"+8613812345678; +861065123456"');
    expect(csvCell('-12.50')).toBe('-12.50');
  });

  it('quotes what needs quoting and doubles quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('writes a BOM, CRLF lines, and reads back the same cells', async () => {
    const rows = [['张伟', '第一行\n第二行', 'x,"y"'], ['=cmd', '', ' trailing ']];
    const text = await collect(csvChunks(['名称', '备注', '其他'], from(rows)));
    expect(text.startsWith('\ufeff名称,备注,其他\r\n')).toBe(true);
    const back = await readBack(Buffer.from(text), 'csv');
    expect(back.headers).toEqual(['名称', '备注', '其他']);
    expect(back.rows).toEqual([['张伟', '第一行\n第二行', 'x,"y"'], ['=cmd', '', ' trailing ']]);
  });
});

describe('XLSX writer', () => {
  it('streams many rows as text cells that read back unchanged', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`客户 ${i}`, `1380000${String(i).padStart(4, '0')}`, '00123']);
    const bytes = await buffer(xlsxStream(['Name', 'Phone', 'Code'], from(rows), 'customers'));
    const back = await readBack(bytes, 'xlsx');
    expect(back.headers).toEqual(['Name', 'Phone', 'Code']);
    expect(back.rows).toHaveLength(20_000);
    expect(back.rows[19_999]).toEqual(['客户 19999', '138000019999', '00123']);
  });
});

describe('vCard writer', () => {
  it('writes one card per person', async () => {
    const people = [{ fullName: '张伟', phones: [{ value: '+8613812345678', types: ['cell'] }] }, { fullName: 'Li, Na' }];
    const text = await collect(vcardChunks(from(people)));
    const back = await readBack(Buffer.from(text), 'vcf');
    expect(back.rows.map((r) => [r[back.headers.indexOf('Name')], r[back.headers.indexOf('Phones')]])).toEqual([['张伟', 'mobile: +8613812345678'], ['Li, Na', '']]);
  });
});
