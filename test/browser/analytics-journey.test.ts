import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// The "done when", as a new user would try it in Chromium: import a year of orders from
// a CSV, see RFM groups, the ABC curve, cohorts, revenue per month and the customers most at
// risk with their reasons, download the figures from the server, then save "champions in
// Shanghai" as a segment (a custom field offered beside the built-in ones) and export it.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, checked by the assertions that read them
type Answer = any;

const ADMIN = { email: 'journey-admin@example.com', name: '分析管理员', password: 'journey admin password' };
const CITIES = ['上海', '北京', '广州', '上海', '杭州'];
const SHOTS = process.env.KEHU_SHOTS_DIR;

/** 40 shops and a year of their orders (to last month), as a plain order history: some buy monthly, some stopped. */
function orderHistory(today: Date): { shops: Array<{ name: string; city: string }>; csv: string; rows: number } {
  const shops = Array.from({ length: 40 }, (_, i) => ({ name: `旅程客户${String(i + 1).padStart(2, '0')}`, city: CITIES[i % CITIES.length] as string }));
  const lines = ['Customer,Date,Amount,Currency'];
  let seed = 7;
  const random = () => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
  const day = (monthsAgo: number, dayOfMonth: number) => new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - monthsAgo, dayOfMonth)).toISOString().slice(0, 10);
  shops.forEach((shop, i) => {
    const everyMonths = 1 + (i % 4); // buys every 1–4 months
    const stoppedMonthsAgo = i % 3 === 2 ? 5 + (i % 5) : 1; // every third one stopped months ago
    for (let ago = 12; ago >= stoppedMonthsAgo; ago -= everyMonths) {
      const amount = (200 + Math.round(random() * 800)) * (i < 8 ? 10 : 1);
      lines.push(`${shop.name},${day(ago, 1 + Math.floor(random() * 27))},${amount}.00,CNY`);
    }
  });
  lines.push(`${shops[1]?.name},${day(2, 10)},99.50,USD`);
  return { shops, csv: `${lines.join('\n')}\n`, rows: lines.length - 1 };
}

describe.skipIf(!hasChromium)('the analytics journey in Chromium', () => {
  let ws: Workspace;
  let token = '';
  const history = orderHistory(new Date());

  const api = async (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST'): Promise<Answer> => {
    const res = await fetch(`${ws.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
    return res.json();
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  // antd lists options lazily (a virtual list): type to narrow to the one wanted, then take it
  const pick = async (page: Page, select: ReturnType<Page['getByTestId']>, option: string) => {
    await select.click();
    await page.keyboard.type(option);
    // the option itself: antd's hidden accessibility list repeats an option's value, which can be its label
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').getByText(option, { exact: true }).click();
  };
  /** A file the page's download link gives, fetched with the page's own session. */
  const fetched = (page: Page, href: string | null) =>
    page.evaluate(async (url) => {
      const res = await fetch(url!);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href);

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    token = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
    await api('/custom-fields', { entity: 'customer', key: 'member_tier', label: '会员等级', type: 'select', options: ['金卡', '银卡'] });
    for (const [i, shop] of history.shops.entries()) {
      await api('/customers', { kind: 'company', name: shop.name, city: shop.city, stage: 'customer', custom: { member_tier: i % 2 === 0 ? '金卡' : '银卡' } });
    }
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('imports a year of orders, shows the reports with reasons, exports them, and saves and exports champions in Shanghai', async () => {
    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);

    // 1. a year of orders from a CSV, through the import wizard
    await page.getByTestId('nav-import').click();
    await page.locator('.ant-radio-button-wrapper', { hasText: zh.imports.types.orders }).click();
    await page.locator('input[type="file"]').setInputFiles({ name: '订单.csv', mimeType: 'text/csv', buffer: Buffer.from(history.csv, 'utf8') });
    await page.getByTestId('import-next').click();
    await page.getByTestId('mapping').waitFor();
    await page.getByTestId('import-check').click();
    await page.getByTestId('dry-run-counts').waitFor();
    await page.getByTestId('import-start').click();
    const job = page.getByTestId('import-job');
    await job.getByText(zh.imports.statuses.done).waitFor({ timeout: 60_000 });
    expect(await job.getByTestId('import-counts').textContent()).toMatch(new RegExp(`${zh.imports.created}\\s*${history.rows}`));

    // 2. the reports: RFM groups, the ABC curve, cohorts, revenue per month, the customers at risk and why
    const rfm = await api('/analytics/rfm?limit=1');
    const churn = await api('/analytics/churn?atRiskOnly=true&limit=100');
    const revenue = await api('/analytics/revenue');
    expect(rfm.customers).toBe(40);
    expect(rfm.currencies).toEqual([{ currency: 'CNY', customers: 40 }, { currency: 'USD', customers: 1 }]);
    expect(churn.atRisk).toBeGreaterThan(0);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-rfm-groups-chart').locator('canvas').waitFor();
    const groups = await page.getByTestId('report-rfm-groups-chart').getAttribute('aria-label');
    for (const group of rfm.groups.filter((g: Answer) => g.customers > 0)) expect(groups).toContain(`${group.label.zh} ${group.customers}`);
    expect(await page.getByTestId('report-abc-chart').getAttribute('aria-label')).toMatch(/A: \d+/);
    await page.getByTestId('report-cohorts-chart').locator('canvas').first().waitFor();
    const lastMonth = revenue.currencies[0].months.at(-2);
    expect(await page.getByTestId('report-revenue-chart').getAttribute('aria-label')).toContain(lastMonth.month);
    expect(await page.getByTestId('report-revenue').textContent()).toContain('CNY');
    const riskiest = churn.items[0];
    const row = page.getByTestId('report-churn').locator('tr', { hasText: riskiest.name });
    expect(await row.getByTestId('churn-reason').textContent()).toBe(riskiest.reason.zh);
    await shot(page, 'reports-zh-desk');

    // 3. the figures from the server: the at-risk list as CSV in Chinese, RFM as XLSX, the chart as PNG
    await page.getByTestId('report-churn').getByTestId('export-file').click();
    const churnFile = await fetched(page, await page.locator('a[data-testid="export-csv"][href*="/analytics/churn?"]').getAttribute('href'));
    expect(churnFile.status).toBe(200);
    const churnRows = Papa.parse<string[]>(churnFile.text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(churnRows[0]).toContain('原因');
    expect(churnRows).toHaveLength(churn.atRisk + 1);
    expect(churnRows.find((r) => r[0] === riskiest.name)).toContain(riskiest.reason.zh);
    await page.keyboard.press('Escape');
    await page.getByTestId('report-rfm-groups').getByTestId('export-file').click();
    const rfmHref = await page.locator('a[data-testid="export-xlsx"][href*="/analytics/rfm?"]').getAttribute('href');
    expect(rfmHref).toMatch(/\/api\/v1\/analytics\/rfm\?.*format=xlsx.*lang=zh/);
    const rfmFile = await page.evaluate(async (url) => { const res = await fetch(url!); return { status: res.status, type: res.headers.get('content-type'), size: (await res.arrayBuffer()).byteLength }; }, rfmHref);
    expect(rfmFile).toMatchObject({ status: 200, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await page.keyboard.press('Escape');
    const png = page.waitForEvent('download');
    await page.getByTestId('report-revenue').getByTestId('export-png').click();
    const picture = await png;
    expect(picture.suggestedFilename()).toBe('revenue-CNY.png');
    expect(readFileSync((await picture.path())!).subarray(1, 4).toString()).toBe('PNG');

    // 4. "champions in Shanghai" as a segment, with the live count; a custom field is offered too
    const champions = { field: 'rfmGroup', operator: 'eq', value: 'champions' };
    const inShanghai = { field: 'city', operator: 'contains', value: '上海' };
    const expected = await api('/segments/preview', { filter: { op: 'and', conditions: [champions, inShanghai] }, limit: 50 });
    expect(expected.count).toBeGreaterThan(0);
    const gold = await api('/segments/preview', { filter: { op: 'and', conditions: [champions, inShanghai, { field: 'custom.member_tier', operator: 'eq', value: '金卡' }] }, limit: 50 });
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('new-segment').click();
    await page.getByTestId('segment-name').fill('上海的重要价值客户');
    const count = page.getByTestId('segment-count').locator('.ant-statistic-content-value');
    const first = page.getByTestId('segment-condition').nth(0);
    await pick(page, first.getByTestId('condition-field'), zh.analytics.segments.fields.rfmGroup);
    await pick(page, first.getByTestId('condition-value'), zh.analytics.segments.rfmGroups.champions);
    await page.getByTestId('add-condition').click();
    const second = page.getByTestId('segment-condition').nth(1);
    await pick(page, second.getByTestId('condition-field'), zh.analytics.segments.fields.city);
    await pick(page, second.getByTestId('condition-operator'), zh.analytics.segments.ops.contains);
    await second.getByTestId('condition-value').fill('上海');
    await expect.poll(async () => count.textContent()).toBe(String(expected.count));
    // the custom field narrows the count the way the API does, and goes again
    await page.getByTestId('add-condition').click();
    const third = page.getByTestId('segment-condition').nth(2);
    await pick(page, third.getByTestId('condition-field'), '会员等级');
    await pick(page, third.getByTestId('condition-value'), '金卡');
    await expect.poll(async () => count.textContent()).toBe(String(gold.count));
    await shot(page, 'segment-builder-zh-desk');
    await third.getByRole('button', { name: zh.analytics.segments.removeCondition }).click();
    await expect.poll(async () => count.textContent()).toBe(String(expected.count));

    await page.getByTestId('save-segment').click();
    await page.waitForURL(/\/segments\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    expect(await api(`/segments/${id}`)).toMatchObject({ name: '上海的重要价值客户', filter: { op: 'and', conditions: [champions, inShanghai] } });

    // 5. its members as a file
    await page.getByTestId('segment-export').hover();
    const members = await fetched(page, await page.getByTestId('export-csv').getAttribute('href'));
    expect(members.status).toBe(200);
    const rows = Papa.parse<string[]>(members.text.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(expected.count + 1);
    const city = (rows[0] as string[]).indexOf('城市');
    for (const member of rows.slice(1)) expect(member[city]).toContain('上海');
    await page.context().close();

    // the same reports in English on a phone
    const phone = await ws.page({ locale: 'en-GB', width: 390 });
    await signIn(phone, ws.url, ADMIN.email, ADMIN.password);
    await phone.goto(`${ws.url}/reports`);
    await phone.getByTestId('report-revenue-chart').locator('canvas').waitFor();
    expect(await phone.getByTestId('report-revenue').textContent()).toContain(en.analytics.revenueByMonth.replace('{{currency}}', 'CNY'));
    await shot(phone, 'reports-en-phone');
    await phone.goto(`${ws.url}/segments/${id}`);
    await phone.getByTestId('segment-members').waitFor();
    await shot(phone, 'segment-en-phone');
    await phone.context().close();
  });
});
