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
  'aosp_v21_complicated.vcf': [{ 'Name': 'Joe Due', 'Family name': 'Gump', 'Given name': 'Forrest', 'Company': 'Gump Shrimp Co.', 'Department': 'Sales Dept.;Manager; Fish keeper', 'Title': 'Shrimp Man', 'Role': 'Fish Cake Keeper!', 'Phones': 'work: (111) 555-1212; home: (404) 555-1212; mobile: 0311111111; video: 0322222222; 0333333333', 'Emails': 'forrestgump@walladalla.com; mobile: cell@example.com', 'Address': '100 Waters Edge', 'City': 'Baytown', 'Province': 'LA', 'Postcode': '30314', 'Country': 'United States of America', 'Birthday': '1980-01-01', 'Note': 'The following note is the example from RFC 2045.\nNow\'s the time for all folk to come to the aid of their country.', 'Website': 'http://www.example.com/' }],
  'aosp_v21_japanese_1.vcf': [{ 'Name': '安藤ロイド', 'Family name': '安藤ロイド', 'Phones': '0300000000' }],
  'aosp_v21_japanese_2.vcf': [{ 'Name': '安藤 ロイド 1', 'Family name': '安藤', 'Given name': 'ロイド1', 'Address': '東京都渋谷区桜丘町26-1セルリアンタワー6階', 'Postcode': '150-8512', 'Note': 'メモ' }],
  'aosp_v21_multiple_entry.vcf': [
    { 'Name': '安藤ロイド3', 'Family name': '安藤ロイド3', 'Phones': 'nec-secret: 9; nec-hotel: 10; nec-school: 11; home fax: 12' },
    { 'Name': '安藤ロイド4', 'Family name': '安藤ロイド4', 'Phones': 'modem: 13; nec-family: 15; nec-girl: 16; pager: 14' },
    { 'Name': '安藤ロイド5', 'Family name': '安藤ロイド5', 'Phones': 'nec-boy: 17; nec-friend: 18; nec-phs: 19; nec-restaurant: 20' },
  ],
  'aosp_v30_japanese.vcf': [{ 'Name': '伊能 圭一 伊予', 'Family name': '伊能', 'Given name': '圭一' }],
  'aosp_v30_multibyte_param.vcf': [{ 'Name': 'G M F', 'Family name': 'F', 'Given name': 'G', 'Phones': '费: 1' }],
  'aosp_v40_sort_as.vcf': [{ 'Name': '安藤 ロイド', 'Family name': '安藤', 'Given name': 'ロイド', 'Company': 'グーグル', 'Department': '検索部門' }],
  // Android 2.1: e-mail-only cards, quoted-printable names split over lines, a stray =80, two ORGs, a photo
  'ezvcard_John_Doe_ANDROID.vcf': [
    { 'Name': 'john.doe@company.com', 'Emails': 'john.doe@company.com', 'Tags': 'My Contacts' },
    { 'Name': 'jane.doe@company.com', 'Emails': 'jane.doe@company.com', 'Tags': 'My Contacts' },
    { 'Name': 'Ñ Ñ Ñ Ñ Ñ', 'Family name': 'Ñ Ñ Ñ Ñ', 'Phones': 'mobile: 123456789' },
    { 'Name': 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ Ñ', 'Phones': 'mobile: 123456; home: 234567; mobile: 3456789; home: 45678901', 'Note': 'Ñ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ\nÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ Ñ Ñ ÑÑ Ñ Ñ Ñ Ñ' },
    { 'Name': 'Ñ Ñ Ñ Ñ', 'Family name': 'Ñ Ñ', 'Given name': 'Ñ Ñ Ñ', 'Company': 'ÑÑÑÑÑÑÑÑÑÑÑÑ', 'Phones': 'mobile: 123456; work: 123456; work fax: 123456', 'Emails': 'work: bob@company.com; ÑÑÑÑÑÑÑÑÑÑÑÑÑÑ', 'Website': 'www.company.com; http://www.company.com' },
    { 'Name': 'ÑÑÑÑ', 'Company': 'Ñ'.repeat(44), 'Phones': 'mobile: 55556666', 'Emails': 'henry@company.com' },
  ],
  'ezvcard_John_Doe_EVOLUTION.vcf': [{ 'Name': 'Mr. John Richter, James Doe Sr.', 'Family name': 'Doe', 'Given name': 'John', 'Nickname': 'Johny', 'Company': 'IBM', 'Department': 'Accounting; Dungeon', 'Title': 'Money Counter', 'Phones': 'mobile: 905-666-1234; work: 905-555-1234', 'Emails': 'work: john.doe@ibm.com', 'Address': '15 Crescent moon drive, ASB-123', 'City': 'Albaney', 'Province': 'New York', 'Postcode': '12345', 'Country': 'United States of America', 'Birthday': '1980-03-22', 'Website': 'http://www.ibm.com', 'Tags': 'VIP', 'UID': '477343c8e6bf375a9bac1f96a5000837' }],
  // Gmail: the whole address in ADR's extended-address component, folded inside a word; \" in NOTE
  'ezvcard_John_Doe_GMAIL.vcf': [{ 'Name': 'Mr. John Richter, James Doe Sr.', 'Family name': 'Doe', 'Given name': 'John', 'Company': 'IBM', 'Title': 'Money Counter', 'Phones': 'mobile: 905-555-1234; home: 905-666-1234', 'Emails': 'home: john.doe@ibm.com', 'Address': 'Crescent moon drive\n555-asd\nNice Area, Albaney, New York12345\nUnited States of America', 'Birthday': '1980-03-22', 'Website': 'http://www.ibm.com' }],
  'ezvcard_John_Doe_IPHONE.vcf': [{ 'Name': 'Mr. John Richter James Doe Sr.', 'Family name': 'Doe', 'Given name': 'John', 'Nickname': 'Johny', 'Company': 'IBM', 'Department': 'Accounting', 'Title': 'Money Counter', 'Phones': 'mobile: 905-555-1234; home: 905-666-1234; work: 905-777-1234; assistant phone: 905-222-1234; home fax: 905-888-1234; work fax: 905-999-1234; pager: 905-111-1234', 'Emails': 'john.doe@ibm.com', 'Address': 'Silicon Alley 5,', 'City': 'New York', 'Province': 'New York', 'Postcode': '12345', 'Country': 'United States of America', 'Birthday': '2012-06-06', 'Website': 'http://www.ibm.com' }],
  'ezvcard_John_Doe_MS_OUTLOOK.vcf': [{ 'Name': 'Mr. John Richter James Doe Sr.', 'Family name': 'Doe', 'Given name': 'John', 'Nickname': 'Johny', 'Company': 'IBM', 'Department': 'Accounting', 'Title': 'Money Counter', 'Role': 'Counting Money', 'Phones': 'work: (905) 555-1234; home: (905) 666-1234', 'Emails': 'john.doe@ibm.cm', 'Address': 'Cresent moon drive', 'City': 'Albaney', 'Province': 'New York', 'Postcode': '12345', 'Country': 'United States of America', 'Birthday': '1980-03-22', 'Website': 'http://www.ibm.com' }],
  // Outlook 2003 with its placeholder numbers ("BusinessPhone") and a certificate (KEY)
  'ezvcard_outlook-2003.vcf': [{ 'Name': 'John Doe III', 'Family name': 'Doe', 'Given name': 'John', 'Nickname': 'Joey', 'Company': 'Company, The', 'Department': 'TheDepartment', 'Title': 'The Job Title', 'Role': 'TheProfession', 'Phones': 'work: BusinessPhone; home: HomePhone; mobile: MobilePhone; work fax: BusinessFaxPhone', 'Emails': 'jdoe@hotmail.com', 'Address': '123 Main St, TheOffice', 'City': 'Austin', 'Province': 'TX', 'Postcode': '12345', 'Country': 'United States of America', 'Birthday': '1980-03-21', 'Note': 'This is the note field!!\nSecond line\n\nThird line is empty', 'Website': 'http://web-page-address.com' }],
  'ezvcard_rfc2426-example.vcf': [
    { 'Name': 'Frank Dawson', 'Company': 'Lotus Development Corporation', 'Phones': 'work: +1-919-676-9515; work fax: +1-919-676-9564', 'Emails': 'Frank_Dawson@Lotus.com; fdawson@earthlink.net', 'Address': '6544 Battleford Drive', 'City': 'Raleigh', 'Province': 'NC', 'Postcode': '27613-3502', 'Country': 'U.S.A.', 'Website': 'http://home.earthlink.net/~fdawson' },
    { 'Name': 'Tim Howes', 'Company': 'Netscape Communications Corp.', 'Phones': 'work: +1-415-937-3419; work fax: +1-415-528-4164', 'Emails': 'howes@netscape.com', 'Address': '501 E. Middlefield Rd.', 'City': 'Mountain View', 'Province': 'CA', 'Postcode': '94043', 'Country': 'U.S.A.' },
  ],
  'ezvcard_rfc6350-example.vcf': [{ 'Name': 'Simon Perreault', 'Family name': 'Perreault', 'Given name': 'Simon', 'Company': 'Viagenie', 'Gender': 'male', 'Phones': 'work: +1-418-656-9254 ext. 102; work mobile video: +1-418-262-6501', 'Emails': 'work: simon.perreault@viagenie.ca', 'Address': '2875 Laurier, Suite D2-630', 'City': 'Quebec', 'Province': 'QC', 'Postcode': 'G1V 2M2', 'Country': 'Canada', 'Birthday': '--02-03', 'Website': 'http://nomis80.org' }],
  'nodevcf_empty-lines.vcf': [{ 'Name': 'Dr. Erika Mustermann', 'Family name': 'Mustermann', 'Given name': 'Erika', 'Company': 'Wikimedia', 'Title': 'Redaktion & Gestaltung', 'Role': 'Kommunikation', 'Phones': 'work: +49 221 9999123; home: +49 221 1234567', 'Emails': 'erika@mustermann.de', 'Address': 'Heidestraße 17', 'City': 'Köln', 'Postcode': '51147', 'Country': 'Germany', 'Website': 'http://de.wikipedia.org/' }],
  'nodevcf_multiple.vcf': [
    { 'Name': 'Dr. Erika Mustermann', 'Family name': 'Mustermann', 'Given name': 'Erika', 'Company': 'Wikimedia', 'Title': 'Redaktion & Gestaltung', 'Role': 'Kommunikation', 'Phones': 'work: +49-221-9999123; home: +49-221-1234567', 'Emails': 'erika@mustermann.de', 'Address': 'Heidestraße 17', 'City': 'Köln', 'Postcode': '51147', 'Country': 'Germany' },
    { 'Name': 'Dr. Erika Mustermann', 'Family name': 'Mustermann', 'Given name': 'Erika', 'Company': 'Wikimedia', 'Title': 'Redaktion & Gestaltung', 'Role': 'Kommunikation', 'Phones': 'work: (0221) 9999123; home: (0221) 1234567', 'Emails': 'erika@mustermann.de', 'Address': 'Heidestrasse 17', 'City': 'Koeln', 'Postcode': '51147', 'Country': 'Deutschland' },
    { 'Name': 'Dr. Erika Mustermann', 'Family name': 'Mustermann', 'Given name': 'Erika', 'Company': 'Wikimedia', 'Title': 'Redaktion & Gestaltung', 'Role': 'Kommunikation', 'Phones': 'work: +49 221 9999123; home: +49 221 1234567', 'Emails': 'erika@mustermann.de', 'Address': 'Heidestraße 17', 'City': 'Köln', 'Postcode': '51147', 'Country': 'Germany', 'Website': 'http://de.wikipedia.org/' },
  ],
  'nodevcf_photo-base64.vcf': [{}],
  'nodevcf_quoted-list.vcf': [{ 'Name': '+1-555-555-5555 ext. 5555', 'Phones': 'home: +1-555-555-5555 ext. 5555' }],
  'nodevcf_vcard-2.1.vcf': [{ 'Name': 'Forrest Gump', 'Family name': 'Gump', 'Given name': 'Forrest', 'Company': 'Bubba Gump Shrimp Co.', 'Title': 'Shrimp Man', 'Phones': 'work: (111) 555-1212; home: (404) 555-1212', 'Emails': 'forrestgump@example.com', 'Address': '100 Waters Edge', 'City': 'Baytown', 'Province': 'LA', 'Postcode': '30314', 'Country': 'United States of America' }],
  'nodevcf_vcard-3.0.vcf': [{ 'Name': 'Forrest Gump', 'Family name': 'Gump', 'Given name': 'Forrest', 'Company': 'Bubba Gump Shrimp Co.', 'Title': 'Shrimp Man', 'Phones': 'work: (111) 555-1212; home: (404) 555-1212', 'Emails': 'forrestgump@example.com', 'Address': '100 Waters Edge', 'City': 'Baytown', 'Province': 'LA', 'Postcode': '30314', 'Country': 'United States of America' }],
  'nodevcf_vcard-4.0.vcf': [{ 'Name': 'Forrest Gump', 'Family name': 'Gump', 'Given name': 'Forrest', 'Company': 'Bubba Gump Shrimp Co.', 'Title': 'Shrimp Man', 'Phones': 'work: +11115551212; home: +14045551212; home: +14045551213', 'Emails': 'forrestgump@example.com', 'Address': '100 Waters Edge', 'City': 'Baytown', 'Province': 'LA', 'Postcode': '30314', 'Country': 'United States of America' }],
  'nodevcf_xing.vcf': [{ 'Name': 'Hans-Peter Mustermann', 'Family name': 'Mustermann', 'Given name': 'Hans-Peter', 'Company': 'Example GmbH', 'Title': 'CTO', 'City': 'City Name', 'Postcode': '12345', 'Country': 'Country', 'Note': '17.02.2016, 19:18 - XING - http://www.xing.com/profile/Hans-Peter-Mustermann', 'Website': 'http://www.example.com', 'Tags': 'Consulting', 'UID': 'XING-UID-XXXXXXXX' }],
  'pyvobject_vcard40_full.vcf': [{ 'Name': 'Dr. John Q. Public, III', 'Family name': 'Public', 'Given name': 'John', 'Nickname': 'Johnny; JQP', 'Company': 'Example Corp.', 'Department': 'North Division; Marketing', 'Title': 'CEO', 'Role': 'Executive', 'Gender': 'male', 'Phones': '+1-555-555-5555; mobile: +1-555-123-4567', 'Emails': 'home: johnny@personal.example.org; work: john.public@example.com', 'Address': '456 Oak Lane', 'City': 'Somewhere', 'Province': 'NY', 'Postcode': '10001', 'Country': 'U.S.A.', 'Birthday': '1985-04-15', 'Note': 'This is a note about John.\nHe likes vCards.', 'Website': 'http://www.example.com/~jqpublic', 'Tags': 'BUSINESS; NETWORKING', 'UID': 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6' }],
  'pyvobject_vcard40_multilang.vcf': [{ 'Name': 'Yamada Taro', 'Family name': 'Yamada', 'Given name': 'Taro', 'UID': 'urn:uuid:multilang-vcard-example' }],
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
    expect(await people(path)).toEqual([{ 'Name': '张伟', 'Family name': '张', 'Given name': '伟', 'Company': '北京某某科技有限公司', 'Phones': 'mobile: +86 138 1234 5678' }]);
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
    expect(await people(path)).toEqual([{ 'Name': '张伟', 'Family name': '张', 'Given name': '伟', 'Note': '备注：重要', 'Phones': 'mobile: 13812345678', 'Emails': 'home: zw@example.cn' }]);
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
    expect(got[4999]).toEqual({ Name: '客户 4999', Phones: 'mobile: 13800004999' });
  });

  it('refuses a file that holds no card', async () => {
    const path = join(dir, 'none.vcf');
    writeFileSync(path, 'hello');
    await expect(openTable({ path })).rejects.toMatchObject({ code: 'validation' });
  });
});
