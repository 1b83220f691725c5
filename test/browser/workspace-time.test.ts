import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// Admin → Workspace: the workspace's time zone, chosen by a city, saved, and shown with who
// changed it; in Chinese on a desk and in English on a phone.

const SHOTS = process.env.KEHU_SHOTS_DIR;
const PASSWORD = 'workspace time password';
const ADMIN = { email: 'time-admin@example.com', name: '时区管理员', password: PASSWORD };

describe.skipIf(!hasChromium)('the workspace time zone in Admin, in Chromium', () => {
  let ws: Workspace;
  let token = '';
  const timeZone = async () => (await fetch(`${ws.url}/api/v1/settings/time-zone`, { headers: { authorization: `Bearer ${token}` } })).json();

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    token = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  }, 120_000);

  it('an admin picks New York by typing the city (zh, desk); the page then says who changed it', async () => {
    const page = await ws.page({ width: 1280 });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=workspace`);
    const tab = page.getByTestId('admin-workspace');
    await tab.getByText(zh.admin.workspace.timeZone, { exact: true }).waitFor();
    await tab.getByText(zh.admin.workspace.neverChanged).waitFor();
    await tab.getByText('UTC+8 北京、上海、香港、台北、新加坡').waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/workspace-time-zh-desk-before.png`, fullPage: true });

    await tab.getByLabel(zh.admin.workspace.timeZone).click();
    await page.keyboard.type('纽约');
    await page.locator('.ant-select-item-option', { hasText: 'UTC-5 纽约、多伦多' }).click();
    await tab.getByRole('button', { name: zh.app.save }).click();
    await page.locator('.ant-message').getByText(zh.app.saved).waitFor();
    expect(await timeZone()).toMatchObject({ utcOffset: -300, timeZone: null, updatedByName: ADMIN.name });
    await tab.getByTestId('workspace-time-changed').getByText(new RegExp(`最近由 ${ADMIN.name} 于 .+ 修改`)).waitFor();
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/workspace-time-zh-desk-after.png`, fullPage: true });

    // after a reload the page shows what is stored
    await page.reload();
    await page.getByTestId('admin-workspace').getByText('UTC-5 纽约、多伦多').waitFor();
    await page.context().close();
  }, 120_000);

  it('in English on a phone, a zone set through the API shows as its offset and its name', async () => {
    const set = await fetch(`${ws.url}/api/v1/settings/time-zone`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ timeZone: 'Asia/Kolkata' }),
    });
    expect(set.status, await set.clone().text()).toBe(200);
    const page = await ws.page({ locale: 'en-GB', width: 390 });
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/admin?tab=workspace`);
    const tab = page.getByTestId('admin-workspace');
    await tab.getByText('UTC+5:30 Mumbai, New Delhi, Colombo').waitFor();
    await tab.getByText(en.admin.workspace.fromZone.replace('{{zone}}', 'Asia/Kolkata')).waitFor();
    await tab.getByTestId('workspace-time-changed').getByText(new RegExp(`Last changed .+ by ${ADMIN.name}`)).waitFor();
    // nothing wider than the phone
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/workspace-time-en-phone.png`, fullPage: true });

    await tab.getByLabel(en.admin.workspace.timeZone).click();
    await page.keyboard.type('berlin');
    await page.locator('.ant-select-item-option', { hasText: 'UTC+1 Berlin' }).click();
    await tab.getByRole('button', { name: en.app.save }).click();
    await page.locator('.ant-message').getByText(en.app.saved).waitFor();
    expect(await timeZone()).toMatchObject({ utcOffset: 60, timeZone: null });
    await page.context().close();
  }, 120_000);
});
