import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// The main journeys of issue 5 in headless Chromium against the built app and a real server.

const ADMIN = { email: 'boss@example.com', name: '王老板', password: 'correct horse battery' };
const COMPANY = '欧阳锋贸易有限公司';

describe.skipIf(!hasChromium)('the web workspace in Chromium', () => {
  let ws: Workspace;
  let customerUrl = '';

  beforeAll(async () => {
    ws = await startWorkspace();
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  const adminPage = async (locale = 'zh-CN') => {
    const page = await ws.page({ locale });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    return page;
  };

  it('first run: creates the administrator, signs in and offers demo data or an import', async () => {
    const page = await ws.page();
    await page.goto(ws.url);
    await page.getByText(zh.setup.intro).waitFor();
    await page.getByLabel(zh.setup.name).fill(ADMIN.name);
    await page.getByLabel(zh.auth.email).fill(ADMIN.email);
    await page.getByLabel(zh.auth.password, { exact: true }).fill(ADMIN.password);
    // Nobody has a password yet, so the form asks to confirm one, not to repeat a "new" one.
    expect(await page.locator('form').textContent()).not.toContain(zh.auth.newPassword);
    await page.getByLabel(zh.setup.confirmPassword).fill(ADMIN.password);
    await page.getByRole('button', { name: zh.setup.create }).click();
    await page.getByText(zh.welcome.title).waitFor();
    // The empty page has no stray grey content box under the welcome buttons.
    expect(await page.locator('.ant-result-content').count()).toBe(0);
    expect(await page.getByTestId('load-demo').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: zh.welcome.importSpreadsheet }).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/customers');
    const status = await (await fetch(`${ws.url}/api/v1/setup`)).json();
    expect(status).toEqual({ needed: false });
    // The dashboard of an empty workspace says what to do, with no charts of zeros.
    await page.goto(`${ws.url}/dashboard`);
    await page.getByText(zh.dashboard.empty).waitFor();
    await page.getByTestId('dashboard-tasks').waitFor();
    expect(await page.locator('[data-testid^="chart-"]').count()).toBe(0);
    await page.context().close();
  });

  it('creates a customer with the n key and finds it by pinyin and by initials', async () => {
    const page = await adminPage();
    await page.keyboard.press('n');
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(zh.customers.name).fill(COMPANY);
    await dialog.getByLabel(zh.customers.phone).fill('call me maybe');
    await dialog.getByRole('button', { name: zh.app.save }).click();
    // The server's field error shows under the phone field, and nothing is created.
    await dialog.locator('.ant-form-item-explain-error', { hasText: 'call me maybe' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/customers');
    await dialog.getByLabel(zh.customers.phone).fill('138 1234 5678');
    await dialog.getByRole('button', { name: zh.app.save }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    customerUrl = page.url();
    expect(await page.getByTestId('customer-name').textContent()).toContain(COMPANY);

    await page.getByTestId('nav-customers').click();
    for (const query of ['ouyangfeng', 'oyf', '5678']) {
      await page.getByTestId('customer-search').fill(query);
      await page.waitForURL((url) => url.searchParams.get('q') === query);
      await page.getByTestId('customer-link').filter({ hasText: COMPANY }).waitFor();
    }
    await page.getByTestId('customer-search').fill('no such customer zzz');
    await page.getByText(zh.customers.empty).waitFor();
    await page.context().close();
  });

  it('logs a call on the customer page and shows it on the timeline', async () => {
    const page = await adminPage();
    await page.goto(customerUrl);
    const form = page.getByTestId('log-activity');
    await form.getByPlaceholder(zh.customer.subject).fill('报价电话 下周二回访');
    await form.getByPlaceholder(zh.customer.details).fill('客户想要 200 台的报价。');
    await page.getByTestId('log-submit').click();
    const entry = page.getByTestId('timeline-interaction').filter({ hasText: '报价电话 下周二回访' });
    await entry.waitFor();
    expect(await entry.textContent()).toContain(zh.interactionTypes.call);
    await page.reload();
    await page.getByTestId('timeline-interaction').filter({ hasText: '报价电话 下周二回访' }).waitFor();
    await page.context().close();
  });

  it('explains an edit conflict and lets the user overwrite the other change', async () => {
    const page = await adminPage();
    await page.goto(customerUrl);
    await page.getByTestId('edit-profile').click();
    const form = page.getByTestId('profile-form');
    await form.getByLabel(zh.customers.industry).fill('外贸');

    // Meanwhile someone else saves the same customer.
    const other = await ws.page();
    const login = await other.request.post(`${ws.url}/api/v1/auth/login`, { data: { email: ADMIN.email, password: ADMIN.password } });
    const id = customerUrl.split('/').pop();
    const patch = await other.request.patch(`${ws.url}/api/v1/customers/${id}`, { data: { industry: '物流' }, headers: { 'x-csrf-token': (await login.json()).csrfToken } });
    expect(patch.status()).toBe(200);

    await form.getByRole('button', { name: zh.app.save }).click();
    await page.getByRole('alert').filter({ hasText: zh.customer.stale }).waitFor();
    await page.getByRole('button', { name: zh.customer.overwrite }).click();
    await page.getByText('外贸').waitFor();
    const saved = await other.request.get(`${ws.url}/api/v1/customers/${id}`);
    expect((await saved.json()).industry).toBe('外贸');
    await page.context().close();
    await other.context().close();
  });

  it('switches the language to English and remembers the choice; the list never loads the chart library', async () => {
    const page = await ws.page();
    const scripts: Array<Promise<string>> = [];
    page.on('response', (response) => {
      if (response.url().endsWith('.js')) scripts.push(response.text());
    });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.getByRole('heading', { name: zh.customers.title }).waitFor();
    await page.getByTestId('language-switch').click();
    await page.locator('.ant-select-item-option', { hasText: 'English' }).click();
    await page.getByRole('heading', { name: en.customers.title }).waitFor();
    expect(await page.getByTestId('customer-search').getAttribute('placeholder')).toBe(en.customers.searchPlaceholder);
    await page.reload();
    await page.getByRole('heading', { name: en.customers.title }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const bodies = await Promise.all(scripts);
    expect(bodies.length).toBeGreaterThan(0);
    expect(bodies.filter((body) => body.includes('_echarts_instance_'))).toEqual([]);
    await page.context().close();
  });

  it("a sales rep does not see another rep's customer, in the list or by its address", async () => {
    const password = 'rep password 12345';
    await createUser(ws.deps, { email: 'rep-a@example.com', name: '李娜', role: 'sales', password }, null);
    await createUser(ws.deps, { email: 'rep-b@example.com', name: '陈刚', role: 'sales', password }, null);

    const a = await ws.page();
    await signIn(a, ws.url, 'rep-a@example.com', password);
    await a.getByTestId('new-customer').click();
    await a.getByRole('dialog').getByLabel(zh.customers.name).fill('甲的秘密客户');
    await a.getByRole('dialog').getByRole('button', { name: zh.app.save }).click();
    await a.waitForURL(/\/customers\/\d+$/);
    const secretUrl = a.url();

    const b: Page = await ws.page();
    await signIn(b, ws.url, 'rep-b@example.com', password);
    await b.getByTestId('customer-search').fill('秘密客户');
    await b.getByText(zh.customers.empty).waitFor();
    await b.goto(secretUrl);
    await b.getByText(zh.customer.notFound).waitFor();
    await a.context().close();
    await b.context().close();
  });

  it('tags the selected customers at once, untags two, deletes one after confirming, and signs out', async () => {
    const page = await adminPage();
    const rows = page.getByTestId('customer-table').locator('tbody tr.ant-table-row');
    await rows.first().waitFor();
    const count = await rows.count();
    await page.getByTestId('customer-table').locator('thead .ant-checkbox-input').check();
    await page.getByTestId('bulk-actions').getByRole('button', { name: zh.customers.addTag }).click();
    await page.getByRole('dialog').getByRole('combobox').fill('重点2026');
    await page.getByRole('dialog').getByRole('button', { name: zh.app.confirm }).click();
    await page.getByTestId('bulk-outcome').getByText(zh.customers.tagged.replace('{{count}}', String(count)).replace('{{tag}}', '重点2026')).waitFor();
    await expect.poll(() => rows.filter({ hasText: '重点2026' }).count()).toBe(count);

    // …and takes it off two of them again
    await rows.nth(0).locator('.ant-checkbox-input').check();
    await rows.nth(1).locator('.ant-checkbox-input').check();
    await page.getByTestId('bulk-remove-tag').click();
    const untag = page.getByRole('dialog').filter({ hasText: zh.customers.removeTag });
    await untag.getByTestId('untag-choice').click();
    await page.locator('.ant-select-item-option', { hasText: '重点2026 (2)' }).click();
    await untag.getByRole('button', { name: zh.app.confirm }).click();
    await page.getByTestId('bulk-outcome').getByText(zh.customers.untagged.replace('{{count}}', '2').replace('{{tag}}', '重点2026')).waitFor();
    await expect.poll(() => rows.filter({ hasText: '重点2026' }).count()).toBe(count - 2);

    await rows.filter({ hasText: '甲的秘密客户' }).locator('.ant-checkbox-input').check();
    await page.getByTestId('bulk-actions').getByRole('button', { name: zh.customers.deleteSelected }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: zh.customers.confirmDelete_other.replace('{{count}}', '1') });
    await confirm.getByRole('button', { name: zh.app.delete }).click();
    await expect.poll(() => rows.count()).toBe(count - 1);
    expect(await rows.filter({ hasText: '甲的秘密客户' }).count()).toBe(0);

    await page.getByTestId('account-menu').click();
    await page.getByTestId('sign-out').click();
    await page.getByRole('button', { name: zh.auth.signIn }).waitFor();
    expect((await page.request.get(`${ws.url}/api/v1/auth/me`)).status()).toBe(401);
    await page.context().close();
  });
});

describe.runIf(!hasChromium)('the web workspace in Chromium', () => {
  it.skip('needs Chromium at /usr/bin/chromium (apt-get install -y chromium) or KEHU_CHROMIUM', () => {});
});
