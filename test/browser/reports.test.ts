import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/core/seed/seed-demo.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { setPassword } from '../../src/core/users/set-password.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// Reports on a seeded demo workspace in headless Chromium: what an admin sees, what a rep sees.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, checked by the assertions that read them
type Answer = any;

const ADMIN = { email: 'reports-admin@example.com', name: '报表管理员', password: 'reports admin password' };
const REP = { email: 'rep1@demo.kehu', password: 'reports rep password' };

describe.skipIf(!hasChromium)('reports in Chromium', () => {
  let ws: Workspace;
  const tokens: Record<string, string> = {};

  const api = async (who: string, path: string, body?: unknown): Promise<Answer> => {
    const res = await fetch(`${ws.url}/api/v1${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${tokens[who]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    expect(res.status, path).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    await seedDemo(ws.deps, { customers: 120 });
    await setPassword(ws.deps, REP.email, REP.password);
    tokens.admin = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
    tokens.rep = (await createToken(ws.deps, { email: REP.email }, null)).token;
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  const openReports = async (page: Page) => {
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('report-rfm-groups-chart').locator('canvas').waitFor();
  };

  it('shows an admin the RFM groups, the ABC curve, cohorts and the customers at risk with their reasons, and exports them', async () => {
    const rfm = await api('admin', '/analytics/rfm?limit=1');
    const churn = await api('admin', '/analytics/churn?atRiskOnly=true&limit=100');
    expect(rfm.customers).toBeGreaterThan(10);
    expect(churn.atRisk).toBeGreaterThan(0);

    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await openReports(page);

    const groups = await page.getByTestId('report-rfm-groups-chart').getAttribute('aria-label');
    for (const group of rfm.groups.filter((g: Answer) => g.customers > 0)) expect(groups).toContain(`${group.label.zh} ${group.customers}`);
    await page.getByTestId('report-abc-chart').locator('canvas').waitFor();
    expect(await page.getByTestId('report-abc-chart').getAttribute('aria-label')).toMatch(/A: \d+/);
    const cohorts = await api('admin', '/analytics/cohorts');
    await page.getByTestId('report-cohorts-chart').locator('canvas').first().waitFor();
    expect(await page.getByTestId('report-cohorts-chart').getAttribute('aria-label')).toContain(`${cohorts.cohorts[0].month} ${cohorts.cohorts[0].customers}:`);

    const first = churn.items[0];
    const row = page.getByTestId('report-churn').locator('tr', { hasText: first.name });
    expect(await row.getByTestId('churn-reason').textContent()).toBe(first.reason.zh);

    const png = page.waitForEvent('download');
    await page.getByTestId('report-abc').getByTestId('export-png').click();
    const picture = await png;
    expect(picture.suggestedFilename()).toBe('abc.png');
    expect(readFileSync((await picture.path())!).subarray(1, 4).toString()).toBe('PNG');

    await page.getByTestId('report-churn').getByTestId('export-file').click();
    const href = await page.locator('.ant-dropdown:not(.ant-dropdown-hidden)').getByTestId('export-csv').getAttribute('href');
    expect(href).toMatch(/^\/api\/v1\/analytics\/churn\?.*format=csv/);
    const table = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    await page.keyboard.press('Escape');
    expect(table).toContain(first.name);
    expect(table).toContain(first.reason.zh);

    // a win-back task for the owner of every customer at risk, counted first
    await page.getByTestId('win-back').click();
    await page.getByRole('dialog').getByRole('button', { name: zh.analytics.churn.createTasks }).click();
    await page.locator('.ant-message').getByText(`已新建 ${churn.atRisk} 个任务`).waitFor();
    expect(await api('admin', '/analytics/churn/tasks', { dryRun: true })).toMatchObject({ created: 0, alreadyOpen: churn.atRisk });

    // the customer's own profile (客户画像), each figure explained on hover
    const profile = await api('admin', `/analytics/customers/${first.customerId}/profile`);
    await row.getByTestId('churn-customer').click();
    const insight = page.getByTestId('customer-insight');
    await expect.poll(async () => insight.getByTestId('insight-rfm').textContent()).toContain(profile.currencies[0].rfm.label.zh);
    expect(await insight.getByTestId('insight-abc').textContent()).toContain(profile.currencies[0].abc.class);
    await insight.getByTestId('insight-label').first().hover();
    await page.getByRole('tooltip').getByText(`${profile.currencies[0].comparedWith} 位以 ${profile.currencies[0].currency} 购买的客户`, { exact: false }).waitFor();
    await page.context().close();
  });

  it('shows a rep only their own numbers, without owner or team choices', async () => {
    const all = await api('admin', '/analytics/rfm?limit=1');
    const own = await api('rep', '/analytics/rfm?limit=1');
    expect(own.customers).toBeGreaterThan(0);
    expect(own.customers).toBeLessThan(all.customers);

    const page = await ws.page({ locale: 'en-GB' });
    await signIn(page, ws.url, REP.email, REP.password);
    await openReports(page);
    const buyers = page.getByTestId('reports').locator('.ant-statistic', { hasText: en.analytics.stats.buyers });
    await expect.poll(async () => buyers.locator('.ant-statistic-content').textContent()).toBe(String(own.customers));
    expect(await page.getByTestId('filter-owner').count()).toBe(0);

    const ownChurn = await api('rep', '/analytics/churn?limit=100');
    const names = await page.getByTestId('churn-customer').allTextContents();
    const allowed = new Set(ownChurn.items.map((c: Answer) => c.name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(allowed.has(name), name).toBe(true);
    await page.context().close();
  });

  // antd lists options lazily (a virtual list): type to narrow to the one wanted, then take it
  const pick = async (page: Page, select: ReturnType<Page['getByTestId']>, option: string) => {
    await select.click();
    await page.keyboard.type(option);
    await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').getByText(option, { exact: true }).click();
  };

  it('builds a segment with a live count, saves it, and lists and exports its members', async () => {
    const filter = { op: 'and', conditions: [{ field: 'rfmGroup', operator: 'eq', value: 'champions' }] };
    const expected = await api('admin', '/segments/preview', { filter, limit: 50 });
    expect(expected.count).toBeGreaterThan(0);

    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('new-segment').click();
    await page.getByTestId('segment-name').fill('重要价值客户名单');
    const condition = page.getByTestId('segment-condition').first();
    await pick(page, condition.getByTestId('condition-field'), zh.analytics.segments.fields.rfmGroup);
    await pick(page, condition.getByTestId('condition-value'), zh.analytics.segments.rfmGroups.champions);
    const count = page.getByTestId('segment-count');
    await expect.poll(async () => count.locator('.ant-statistic-content-value').textContent()).toBe(String(expected.count));

    await page.getByTestId('save-segment').click();
    await page.waitForURL(/\/segments\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    const saved = await api('admin', `/segments/${id}`);
    expect(saved).toMatchObject({ name: '重要价值客户名单', filter });
    const members = page.getByTestId('segment-members');
    await members.getByText(`${expected.count} 位成员`).waitFor();
    await members.getByText(expected.sample[0].name).waitFor();

    await page.getByTestId('segment-export').hover();
    const href = await page.getByTestId('export-csv').getAttribute('href');
    expect(href).toContain(`segmentId=${id}`);
    const csv = await page.evaluate(async (url) => (await fetch(url!)).text(), href);
    for (const member of expected.sample) expect(csv).toContain(member.name);
    const rows = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
    expect(rows).toHaveLength(expected.count + 1);
    await page.context().close();
  });
});
