import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { apiAs, hasChromium, signIn, startWorkspace, type ApiCall, type Workspace } from './support.ts';

// walk13: a rep shared a customer with a colleague and then nobody could see with whom it was
// shared, or how; stopping meant picking the colleague again from memory. The card now lists the
// shares, each with "stop sharing" for those who may give the customer away.

const A = { email: 'share-a@example.com', name: '李娜', password: 'sharing rep a password' };
const B = { email: 'share-b@example.com', name: 'Chen Gang', password: 'sharing rep b password' };

describe.skipIf(!hasChromium)('sharing a customer from its page', () => {
  let ws: Workspace;
  let asA: ApiCall;
  let customerId = 0;

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...A, role: 'sales' }, null);
    await createUser(ws.deps, { ...B, role: 'sales' }, null);
    asA = await apiAs(ws.url, A);
    customerId = (await asA('POST', '/customers', { kind: 'company', name: '杭州共享机电有限公司' })).id;
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('the owner, on a phone in Chinese, shares read-only and sees with whom', async () => {
    const page = await ws.page({ locale: 'zh-CN', width: 390 });
    await signIn(page, ws.url, A.email, A.password);
    await page.goto(`${ws.url}/customers/${customerId}`);
    await page.getByLabel(zh.customer.shareWith).click();
    await page.keyboard.type('Chen');
    await page.keyboard.press('Enter');
    await page.getByTestId('share-customer').click();
    const share = page.getByTestId('customer-share').filter({ hasText: B.name });
    await share.getByText(zh.customer.accessRead, { exact: true }).waitFor();
    expect(await page.locator('html').evaluate((html) => html.scrollWidth <= html.clientWidth)).toBe(true);
    expect((await asA('GET', `/customers/${customerId}/shares`)).items).toMatchObject([{ access: 'read' }]);
    await page.context().close();
  });

  it('the colleague, in English, sees the share as read only and is offered neither edit nor stop', async () => {
    const page = await ws.page({ locale: 'en-GB', width: 1280 });
    await signIn(page, ws.url, B.email, B.password);
    await page.goto(`${ws.url}/customers/${customerId}`);
    const share = page.getByTestId('customer-share').filter({ hasText: B.name });
    await share.getByText(en.customer.accessRead, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: en.customer.unshare }).count()).toBe(0);
    expect(await page.getByTestId('share-customer').count()).toBe(0);
    await page.context().close();
  });

  it('the owner makes it read and write, then stops sharing from the list', async () => {
    const page = await ws.page({ locale: 'en-GB', width: 1280 });
    await signIn(page, ws.url, A.email, A.password);
    await page.goto(`${ws.url}/customers/${customerId}`);
    await page.getByTestId('customer-share').filter({ hasText: B.name }).waitFor();
    await page.getByLabel(en.customer.shareWith).click();
    await page.keyboard.type('Chen');
    await page.keyboard.press('Enter');
    await page.getByLabel(en.customer.shareAccess).click();
    await page.locator('.ant-select-item-option').filter({ hasText: en.customer.accessWrite }).click();
    await page.getByTestId('share-customer').click();
    await page.getByTestId('customer-share').filter({ hasText: B.name }).getByText(en.customer.accessWrite, { exact: true }).waitFor();
    expect(await page.getByTestId('customer-share').count()).toBe(1);

    await page.getByRole('button', { name: `${en.customer.unshare} ${B.name}` }).click();
    await page.getByTestId('customer-shares').waitFor({ state: 'detached' });
    expect((await asA('GET', `/customers/${customerId}/shares`)).items).toEqual([]);
    await page.context().close();
  });
});
