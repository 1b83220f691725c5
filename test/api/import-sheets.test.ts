import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { uploader } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

// The sheets people have: a company and its contact person per row (客户名称, 联系人, 手机, 邮箱 …),
// and rows with one bad value among good ones.

async function xlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('客户');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface Point {
  value: string;
}
interface Customer {
  id: number;
  name: string;
  kind: string;
  city: string | null;
  address: string | null;
  website: string | null;
  phones: Point[];
  emails: Point[];
}
interface Contact {
  name: string;
  title: string | null;
  customerId: number | null;
  phones: Point[];
  emails: Point[];
}

forEachDialect('import: sheets with a contact person per row', (db) => {
  let api: TestApi;
  const files = uploader(() => api);
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const customersNamed = async (q: string) => (await api.call('GET', `/api/v1/customers?q=${encodeURIComponent(q)}&limit=50`)).json().items as Customer[];
  // in the order asked
  const customers = async (...prefixes: string[]) => (await Promise.all(prefixes.map(customersNamed))).flat();
  const contactsOf = async (customerId: number) => (await api.call('GET', `/api/v1/contacts?customerId=${customerId}&limit=50`)).json().items as Contact[];

  describe('客户名称, 联系人, 职位, 手机, 邮箱, 城市, 座机, 地址, 网址 (XLSX)', () => {
    let file: { name: string; bytes: Buffer };
    beforeAll(async () => {
      file = {
        name: '客户联系人.xlsx',
        bytes: await xlsx([
          ['客户名称', '联系人', '职位', '手机', '邮箱', '城市', '座机', '地址', '网址'],
          ['星辰表格科技有限公司', '王小明', '采购经理', '138 1111 2201', 'wang@xingchen-sheet.cn', '北京', '010 6552 1001', '朝阳区建国路 1 号', 'www.xingchen-sheet.cn'],
          ['星辰表格科技有限公司', '李小红', '财务', '138 1111 2202', 'li@xingchen-sheet.cn', '北京', '', '', ''],
          ['海风表格贸易有限公司', '赵大海', '', '139 2222 3301', '', '上海', '021 6123 4501', '', ''],
        ]),
      };
    });

    it('the dry run shows two companies and three contact people, 联系人 mapped, and writes nothing', async () => {
      const res = await files.upload('/api/v1/imports', file, { dryRun: 'true' });
      expect(res.statusCode, res.body).toBe(200);
      const report = res.json();
      expect(report.mapping).toEqual({ 客户名称: 'name', 联系人: 'contactName', 职位: 'contactTitle', 手机: 'contactPhones', 邮箱: 'contactEmails', 城市: 'city', 座机: 'phones', 地址: 'address', 网址: 'website' });
      expect(report.counts).toEqual({ created: 2, updated: 0, skipped: 1, invalid: 0 });
      expect(report.contactsCreated).toBe(3);
      expect(await customers('海风表格', '星辰表格')).toEqual([]);
    });

    it('creates each company once with the company-level columns, and each person as its contact with their own phone and e-mail', async () => {
      const job = await files.imported(file);
      expect(job).toMatchObject({ status: 'done', counts: { created: 2, invalid: 0 }, contactsCreated: 3 });
      const [haifeng, xingchen] = await customers('海风表格', '星辰表格');
      expect([haifeng?.name, xingchen?.name]).toEqual(['海风表格贸易有限公司', '星辰表格科技有限公司']);
      expect(xingchen).toMatchObject({ name: '星辰表格科技有限公司', kind: 'company', city: '北京', address: '朝阳区建国路 1 号', website: 'www.xingchen-sheet.cn' });
      expect(xingchen?.phones.map((p) => p.value)).toEqual(['+861065521001']);
      expect(xingchen?.emails).toEqual([]);
      expect(haifeng?.phones.map((p) => p.value)).toEqual(['+862161234501']);
      const people = (await contactsOf(xingchen?.id as number)).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
      expect(people.map((c) => [c.name, c.title, c.phones.map((p) => p.value), c.emails.map((e) => e.value)])).toEqual([
        ['李小红', '财务', ['+8613811112202'], ['li@xingchen-sheet.cn']],
        ['王小明', '采购经理', ['+8613811112201'], ['wang@xingchen-sheet.cn']],
      ]);
      expect((await contactsOf(haifeng?.id as number)).map((c) => c.name)).toEqual(['赵大海']);
    });

    it('a second import of the same sheet adds no company and no contact', async () => {
      const job = await files.imported(file);
      expect(job).toMatchObject({ counts: { created: 0, skipped: 3, invalid: 0 }, contactsCreated: 0 });
      const [xingchen] = await customers('星辰表格');
      expect(await contactsOf(xingchen?.id as number)).toHaveLength(2);
    });

    it('a new person at a company that exists already becomes its contact; revert removes only that person', async () => {
      const more = { name: 'more.xlsx', bytes: await xlsx([['客户名称', '联系人', '手机'], ['星辰表格科技有限公司', '孙新人', '137 3333 4401']]) };
      const job = await files.imported(more);
      expect(job).toMatchObject({ counts: { created: 0, skipped: 1 }, contactsCreated: 1 });
      const [xingchen] = await customers('星辰表格');
      expect((await contactsOf(xingchen?.id as number)).map((c) => c.name)).toContain('孙新人');
      expect((await api.call('POST', `/api/v1/imports/${job.id}/revert`)).statusCode).toBe(200);
      expect((await contactsOf(xingchen?.id as number)).map((c) => c.name)).not.toContain('孙新人');
      expect(await customers('星辰表格')).toHaveLength(1);
    });
  });

  describe('a bad value in a good row', () => {
    const csv = (text: string) => ({ name: 'partial.csv', bytes: Buffer.from(text, 'utf8') });
    const text = '客户名称,级别,座机,手机,邮箱\n半行一号有限公司,Z,BusinessPhone,138 4444 5501,ok@banhang.cn\n半行二号有限公司,A,010 6552 2002,12345,not-a-mail\n';

    it('skip-row (the default) rejects the row and reports every problem at once, each with its own column', async () => {
      const job = await files.imported(csv(text));
      expect(job).toMatchObject({ counts: { created: 0, invalid: 2 }, rowsWithDroppedValues: 0 });
      const errors = job.errors as Array<{ row: number; column: string | null; reason: string }>;
      expect(errors.filter((e) => e.row === 2).map((e) => e.column).sort()).toEqual(['座机', '级别']);
      expect(errors.filter((e) => e.row === 3).map((e) => e.column).sort()).toEqual(['手机', '邮箱']);
    });

    it('keep-row imports each row without its bad values and the error file says which and why', async () => {
      const job = await files.imported(csv(text), { onInvalidValue: 'keep-row' });
      expect(job).toMatchObject({ counts: { created: 2, invalid: 0 }, rowsWithDroppedValues: 2 });
      const [one, two] = await customers('半行一号', '半行二号');
      expect(one?.phones.map((p) => p.value)).toEqual(['+8613844445501']);
      expect(one?.emails.map((p) => p.value)).toEqual(['ok@banhang.cn']);
      expect(two?.phones.map((p) => p.value)).toEqual(['+861065522002']);
      expect(two?.emails).toEqual([]);
      const file = await api.call('GET', `/api/v1/imports/${job.id}/errors.csv`);
      const lines = file.body.replace(/^\ufeff/, '').trim().split(/\r\n/);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toMatch(/^半行一号有限公司,Z,BusinessPhone,.*级别: left out.*not a level.*座机: left out.*contains letters/);
      expect(lines[2]).toMatch(/^半行二号有限公司,.*手机: left out.*"12345".*邮箱: left out.*not-a-mail/);
      // in Chinese, the left-out value and why, both in Chinese
      const zh = (await api.call('GET', `/api/v1/imports/${job.id}/errors.csv?lang=zh`)).body;
      expect(zh).toContain('级别：此值未导入，该行已在没有它的情况下导入：不是客户等级（A、B、C）');
      expect(zh).toContain('座机：此值未导入，该行已在没有它的情况下导入：号码含有字母');
      expect(zh).not.toContain('left out');
    });

    it('refuses an unknown onInvalidValue with 400 naming the field', async () => {
      const res = await files.upload('/api/v1/imports', csv(text), { onInvalidValue: 'maybe' });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'onInvalidValue', message: 'must be one of keep-row, skip-row', code: 'field.one_of', params: { values: 'keep-row, skip-row' } }]);
    });
  });
});
