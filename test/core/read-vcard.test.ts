import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/core/files/open-table.ts';
import { VCARD_HEADERS } from '../../src/domain/vcard-row.ts';

/** Files real tools wrote, kept in the repository (see each folder's SOURCE.md). */
const FIXTURES = join(import.meta.dirname, '../fixtures');

const DATASET = join(FIXTURES, 'vcards');
const dir = mkdtempSync(join(tmpdir(), 'kehu-vcf-'));

type Person = Partial<Record<(typeof VCARD_HEADERS)[number], string>>;

async function people(path: string, encoding?: string): Promise<Person[]> {
  const { meta, rows } = await openTable(encoding ? { path, encoding } : { path });
  expect(meta.format).toBe('vcard');
  const out: Person[] = [];
  for await (const row of rows) {
    expect(row.values).toHaveLength(VCARD_HEADERS.length);
    const person: Person = {};
    row.values.forEach((value, i) => {
      if (value !== '') person[meta.headers[i] as keyof Person] = value;
    });
    out.push(person);
  }
  return out;
}

const expected: Record<string, Person[]> = {
  'aosp_v21_complicated.vcf': [{
    'Name': 'Joe Due', 'Family name': 'Gump', 'Given name': 'Forrest', 'Company': 'Gump Shrimp Co.', 'Title': 'Shrimp Man',
    'Mobile': '0311111111', 'Phone': '(404) 555-1212; 0333333333', 'Work phone': '(111) 555-1212', 'Other phones': '0322222222',
    'Email': 'forrestgump@walladalla.com', 'Other emails': 'cell@example.com', 'Address': '100 Waters Edge', 'City': 'Baytown',
    'Note': "The following note is the example from RFC 2045.\nNow's the time for all folk to come to the aid of their country.",
  }],
  'aosp_v21_japanese_1.vcf': [{ 'Name': '安藤ロイド', 'Phone': '0300000000' }],
  'aosp_v21_japanese_2.vcf': [{ 'Name': '安藤 ロイド 1', 'Family name': '安藤', 'Given name': 'ロイド1', 'Address': '東京都渋谷区桜丘町26-1セルリアンタワー6階', 'Postcode': '150-8512', 'Note': 'メモ' }],
  'aosp_v21_multiple_entry.vcf': [
    { 'Name': '安藤ロイド3', 'Other phones': '9; 10; 11; 12' },
    { 'Name': '安藤ロイド4', 'Other phones': '13; 14; 15; 16' },
    { 'Name': '安藤ロイド5', 'Other phones': '17; 18; 19; 20' },
  ],
  'aosp_v30_japanese.vcf': [{ 'Name': '伊能 圭一 伊予', 'Family name': '伊能', 'Given name': '圭一' }],
  'aosp_v30_multibyte_param.vcf': [{ 'Family name': 'F', 'Given name': 'G', 'Phone': '1' }],
  'aosp_v40_sort_as.vcf': [{ 'Name': '安藤 ロイド', 'Company': 'グーグル', 'Department': '検索部門' }],
  'ezvcard_rfc2426-example.vcf': [
    { 'Name': 'Frank Dawson', 'Work phone': '+1-919-676-9515', 'Other phones': '+1-919-676-9564', 'Email': 'Frank_Dawson@Lotus.com', 'Other emails': 'fdawson@earthlink.net', 'Address': '6544 Battleford Drive', 'City': 'Raleigh', 'Postcode': '27613-3502' },
    { 'Name': 'Tim Howes', 'Company': 'Netscape Communications Corp.', 'Email': 'howes@netscape.com', 'Province': 'CA', 'Postcode': '94043' },
  ],
  'ezvcard_rfc6350-example.vcf': [{ 'Name': 'Simon Perreault', 'Work phone': '+1-418-656-9254 ext. 102', 'Mobile': '+1-418-262-6501', 'Email': 'simon.perreault@viagenie.ca', 'Birthday': '--02-03', 'City': 'Quebec' }],
  'nodevcf_empty-lines.vcf': [{ 'Name': 'Dr. Erika Mustermann', 'Work phone': '+49 221 9999123', 'Phone': '+49 221 1234567', 'Address': 'Heidestraße 17', 'City': 'Köln', 'Email': 'erika@mustermann.de' }],
  'nodevcf_multiple.vcf': [
    { 'Name': 'Dr. Erika Mustermann', 'Work phone': '+49-221-9999123', 'City': 'Köln', 'Email': 'erika@mustermann.de' },
    { 'Name': 'Dr. Erika Mustermann', 'Work phone': '(0221) 9999123', 'City': 'Koeln' },
    { 'Name': 'Dr. Erika Mustermann', 'Work phone': '+49 221 9999123', 'City': 'Köln' },
  ],
  'nodevcf_photo-base64.vcf': [{}],
  'nodevcf_quoted-list.vcf': [{ 'Phone': '+1-555-555-5555 ext. 5555' }],
  'nodevcf_vcard-2.1.vcf': [{ 'Name': 'Forrest Gump', 'Work phone': '(111) 555-1212', 'Phone': '(404) 555-1212', 'Email': 'forrestgump@example.com' }],
  'nodevcf_vcard-3.0.vcf': [{ 'Name': 'Forrest Gump', 'Work phone': '(111) 555-1212', 'Phone': '(404) 555-1212', 'Email': 'forrestgump@example.com' }],
  'nodevcf_vcard-4.0.vcf': [{ 'Name': 'Forrest Gump', 'Work phone': '+11115551212', 'Phone': '+14045551212; +14045551213', 'Email': 'forrestgump@example.com' }],
  'nodevcf_xing.vcf': [{ 'Name': 'Hans-Peter Mustermann', 'Company': 'Example GmbH', 'Title': 'CTO', 'Tags': 'Consulting', 'UID': 'XING-UID-XXXXXXXX' }],
  'pyvobject_vcard40_full.vcf': [{
    'Name': 'Dr. John Q. Public, III', 'Mobile': '+1-555-123-4567', 'Phone': '+1-555-555-5555', 'Email': 'johnny@personal.example.org',
    'Other emails': 'john.public@example.com', 'Address': '456 Oak Lane', 'Birthday': '1985-04-15', 'Note': 'This is a note about John.\nHe likes vCards.',
    'Tags': 'BUSINESS; NETWORKING', 'Department': 'North Division; Marketing',
  }],
  'pyvobject_vcard40_multilang.vcf': [{ 'Name': 'Yamada Taro', 'UID': 'urn:uuid:multilang-vcard-example' }],
};

describe('vCard reader', () => {
  it('has expectations for every file in the dataset', () => {
    expect(readdirSync(DATASET).filter((f) => f.endsWith('.vcf')).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const [file, cards] of Object.entries(expected)) {
    it(`reads ${file}`, async () => {
      const got = await people(join(DATASET, file));
      expect(got).toHaveLength(cards.length);
      cards.forEach((card, i) => expect(got[i]).toMatchObject(card));
      for (const person of got) {
        for (const value of Object.values(person)) expect(value).not.toMatch(/\uFFFD|=[0-9A-F]{2}|\\[;,n]/);
      }
    });
  }

  it('reads a GBK vCard without CHARSET, as Chinese phones export, and honours an override', async () => {
    const card = 'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nN:张;伟;;;\r\nORG:北京某某科技有限公司\r\nTEL;TYPE=CELL:+86 138 1234 5678\r\nEND:VCARD\r\n';
    const path = join(dir, 'gbk.vcf');
    writeFileSync(path, iconv.encode(card, 'gbk'));
    expect(await people(path)).toEqual([{ 'Name': '张伟', 'Family name': '张', 'Given name': '伟', 'Company': '北京某某科技有限公司', 'Mobile': '+86 138 1234 5678' }]);
    expect((await people(path, 'gbk'))[0]!.Name).toBe('张伟');
  });

  it('reads quoted-printable UTF-8 with soft line breaks and grouped properties', async () => {
    const card = [
      'BEGIN:VCARD', 'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0;=E4=BC=9F;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=BC=A0=E4=BC=9F',
      'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=E5=A4=87=E6=B3=A8=',
      '=EF=BC=9A=E9=87=8D=E8=A6=81',
      'item1.TEL;type=CELL:13812345678',
      'item1.X-ABLabel:mobile',
      'EMAIL;INTERNET;HOME:zw@example.cn',
      'END:VCARD', '',
    ].join('\r\n');
    const path = join(dir, 'qp.vcf');
    writeFileSync(path, card);
    expect(await people(path)).toEqual([{ 'Name': '张伟', 'Family name': '张', 'Given name': '伟', 'Note': '备注：重要', 'Mobile': '13812345678', 'Email': 'zw@example.cn' }]);
  });

  it('reads a UTF-16 file and a card missing its END line at the end of the file', async () => {
    const path = join(dir, 'utf16.vcf');
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('BEGIN:VCARD\r\nVERSION:3.0\r\nFN:李娜\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:王芳\r\n', 'utf-16le')]));
    expect(await people(path)).toEqual([{ Name: '李娜' }, { Name: '王芳' }]);
  });

  it('streams many cards', async () => {
    const path = join(dir, 'many.vcf');
    const card = (i: number): string => `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:客户 ${i}\r\nTEL;TYPE=cell:1380000${String(i).padStart(4, '0')}\r\nEND:VCARD\r\n`;
    writeFileSync(path, Array.from({ length: 5000 }, (_, i) => card(i)).join(''));
    const got = await people(path);
    expect(got).toHaveLength(5000);
    expect(got[4999]).toEqual({ Name: '客户 4999', Mobile: '13800004999' });
  });

  it('refuses a file that holds no card', async () => {
    const path = join(dir, 'none.vcf');
    writeFileSync(path, 'hello');
    await expect(openTable({ path })).rejects.toMatchObject({ code: 'validation' });
  });
});
