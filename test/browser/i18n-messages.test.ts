import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// One translation layer, seen in Chromium: the server's messages and stored values in the reader's language.

const ADMIN = { email: 'i18n-admin@example.com', name: '管理员', password: 'i18n admin password' };
const COMPANY = '杭州西湖教育咨询有限公司';

describe.skipIf(!hasChromium)('the interface’s language in Chromium', () => {
  let ws: Workspace;
  let customerId = 0;

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    const { token } = await createToken(ws.deps, { email: ADMIN.email }, null);
    const res = await fetch(`${ws.url}/api/v1/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'company', name: COMPANY, stage: 'lead', source: 'Website', industry: 'Education', country: 'CN', city: '杭州', phones: [{ value: '0571 8888 6666', label: 'work' }] }),
    });
    expect(res.status).toBe(201);
    customerId = ((await res.json()) as { id: number }).id;
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('explains a bad phone in Chinese in the Chinese interface, and in English in the English one', async () => {
    for (const [locale, words, expected] of [
      ['zh-CN', zh, '号码太短："12345"'],
      ['en-GB', en, 'too short: "12345"'],
    ] as const) {
      const page = await ws.page({ locale });
      await signIn(page, ws.url, ADMIN.email, ADMIN.password);
      await page.keyboard.press('n');
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(words.customers.name).fill('电话不对的客户');
      await dialog.getByLabel(words.customers.phone).fill('12345');
      await dialog.getByRole('button', { name: words.app.save }).click();
      const error = dialog.locator('.ant-form-item-explain-error', { hasText: '12345' });
      await error.waitFor();
      expect(await error.textContent(), locale).toBe(expected);
      await page.context().close();
    }
  });

  it('shows stored values by their Chinese names, without developer text, and exports in Chinese', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/customers/${customerId}`);
    await page.getByTestId('customer-name').waitFor();
    const text = (await page.locator('body').textContent()) ?? '';
    for (const shown of ['线索', '官网', '教育', '中国', '(工作)']) expect(text, shown).toContain(shown);
    for (const hidden of ['Website', 'Education', '(work)', '版本']) expect(text, hidden).not.toContain(hidden);

    await page.goto(`${ws.url}/customers`);
    // the row checkboxes are named in Chinese for a screen reader (antd's own labels are English)
    await page.getByRole('checkbox', { name: `选择 ${COMPANY}` }).waitFor();
    expect(await page.getByRole('checkbox', { name: '选择本页全部客户' }).count()).toBe(1);
    expect(await page.locator('[aria-label^="Select"]').count()).toBe(0);
    await page.getByRole('button', { name: zh.customers.export }).click();
    const link = page.getByRole('link', { name: zh.customers.export_xlsx });
    const href = (await link.getAttribute('href')) ?? '';
    expect(new URL(href, ws.url).searchParams.get('lang')).toBe('zh');
    const download = await page.request.get(new URL(href, ws.url).toString());
    expect(download.status()).toBe(200);
    // what a spreadsheet opens: Chinese headers and values, the phone as people write it, the owner by name, local times, sized columns, the header row frozen
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await download.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    const row = Object.fromEntries(cells(1).map((header, i) => [header, cells(2)[i]]));
    expect(row).toMatchObject({ 名称: COMPANY, 客户类型: '企业', 阶段: '线索', 来源: '官网', 行业: '教育', 国家: '中国', 电话: '0571 8888 6666', 负责人: ADMIN.name });
    expect(row['创建时间']).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.getColumn(cells(1).indexOf('名称') + 1).width).toBeGreaterThanOrEqual(24);
    await page.context().close();
  });

  it('the contacts page exports the list as it is searched: a vCard for a phone, an XLSX in Chinese', async () => {
    const { token } = await createToken(ws.deps, { email: ADMIN.email }, null);
    for (const name of ['赵导出', '钱不导出']) {
      const res = await fetch(`${ws.url}/api/v1/contacts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name, customerId, phones: [{ value: name === '赵导出' ? '13812345678' : '13912345678', label: 'mobile' }] }),
      });
      expect(res.status).toBe(201);
    }
    const page = await ws.page({ width: 390 });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/contacts`);
    await page.getByTestId('contact-search').fill('赵导出');
    await page.getByTestId('contact-list').getByText('钱不导出').waitFor({ state: 'detached' });
    await page.getByTestId('contact-export').click();
    const linkOf = async (label: string) => new URL((await page.getByRole('link', { name: label }).getAttribute('href')) ?? '', ws.url);
    const vcard = await page.request.get((await linkOf(zh.customers.export_vcard)).toString());
    expect(vcard.status()).toBe(200);
    const card = await vcard.text();
    expect(card).toContain('BEGIN:VCARD');
    expect(card).toContain('FN:赵导出');
    expect(card).not.toContain('钱不导出');
    const xlsx = await page.request.get((await linkOf(zh.customers.export_xlsx)).toString());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.name).toBe('联系人');
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => String(v ?? ''));
    expect(Object.fromEntries(cells(1).map((header, i) => [header, cells(2)[i]]))).toMatchObject({ 名称: '赵导出', 客户: COMPANY, 电话: '138 1234 5678' });
    expect(sheet.rowCount).toBe(2);
    await page.context().close();
  });
});
