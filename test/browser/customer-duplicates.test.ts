import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { apiWithToken, hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// Duplicate suggestions on the customer page, merged and undone in headless Chromium.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, checked by the assertions that read them
type Answer = any;

const ADMIN = { email: 'dupes-admin@example.com', name: '管理员', password: 'dupes admin password' };
const VIEWER = { email: 'dupes-viewer@example.com', name: '只读', password: 'dupes viewer password' };

describe.skipIf(!hasChromium)('duplicate suggestions on the customer page in Chromium', () => {
  let ws: Workspace;
  let token = '';
  let repId = 0;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> => apiWithToken(ws.url, token)(method, path, body);

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    token = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
    // The viewer sees the customers of their team: the first customer belongs to a rep of it.
    repId = (await createUser(ws.deps, { email: 'dupes-rep@example.com', name: '销售', password: 'dupes rep password', role: 'sales', team: '华北销售' }, null)).id;
    await createUser(ws.deps, { ...VIEWER, role: 'viewer', team: '华北销售' }, null);
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('suggests Zhang Wei on 张伟’s page, merges him in, and undoes the merge', async () => {
    const first = await api('POST', '/customers', { kind: 'person', name: '张伟', ownerId: repId, phones: [{ value: '+86 138 1234 5678' }] });
    const second = await api('POST', '/customers', { kind: 'person', name: 'Zhang Wei', ownerId: repId, phones: [{ value: '13812345678' }, { value: '010 6552 9988', label: 'office' }] });
    await api('POST', '/interactions', { customerId: second.id, type: 'call', subject: '询问 200 台报价' });

    const page = await ws.page();
    await signIn(page, ws.url, ADMIN.email, ADMIN.password);
    await page.goto(`${ws.url}/customers/${first.id}`);
    const card = page.getByTestId('customer-duplicates');
    const candidate = card.getByTestId('duplicate-candidate').filter({ hasText: 'Zhang Wei' });
    await candidate.waitFor();
    expect(await card.textContent()).toContain(zh.customer.duplicates.title);
    expect(await candidate.getByTestId('duplicate-candidate-link').getAttribute('href')).toBe(`/customers/${second.id}`);
    expect(await candidate.getByTestId('duplicate-score').textContent()).toMatch(/\d+%/);
    const reasons = await candidate.getByTestId('duplicate-reason').allTextContents();
    // said in the page's language (zh) from the reasons' codes
    expect(reasons).toEqual(expect.arrayContaining(['电话相同 +8613812345678', '名称 张伟 ≈ Zhang Wei（拼音相同）']));
    // The candidate's phones show formatted in its summary, but not yet among this customer's own.
    expect(await candidate.textContent()).toContain('010 6552 9988');
    expect(await page.getByTestId('phone-link').filter({ hasText: '6552 9988' }).count()).toBe(0);

    await candidate.getByTestId('duplicate-review').click();
    const dialog = page.getByRole('dialog').filter({ hasText: zh.duplicates.mergeTitle });
    await dialog.getByTestId('choose-name-survivor').waitFor();
    // This customer stays by default, and keeps its own name.
    expect(await dialog.locator('.ant-radio-button-wrapper-checked').textContent()).toContain(`张伟 (#${first.id})`);
    expect(await dialog.getByTestId('choose-name-survivor').isChecked()).toBe(true);
    await dialog.getByRole('button', { name: zh.duplicates.merge }).click();

    // The second customer's office phone and call are now on this page; the suggestion is gone.
    await page.getByTestId('phone-link').filter({ hasText: '010 6552 9988' }).first().waitFor();
    await page.getByTestId('timeline-interaction').filter({ hasText: '询问 200 台报价' }).waitFor();
    await expect.poll(() => card.count()).toBe(0);
    expect(new URL(page.url()).pathname).toBe(`/customers/${first.id}`);
    expect(await page.getByTestId('customer-name').textContent()).toContain('张伟');
    expect((await fetch(`${ws.url}/api/v1/customers/${second.id}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(404);

    await page.locator('.ant-message').getByRole('button', { name: zh.duplicates.undo }).click();
    await page.locator('.ant-message').getByText(zh.duplicates.undone).waitFor();
    await candidate.waitFor();
    await expect.poll(() => page.getByTestId('phone-link').filter({ hasText: '010 6552 9988' }).count()).toBe(0);
    expect((await api('GET', `/customers/${second.id}`)).name).toBe('Zhang Wei');
    await page.context().close();

    // A viewer may not merge, so sees no suggestions.
    const viewer = await ws.page();
    await signIn(viewer, ws.url, VIEWER.email, VIEWER.password);
    await viewer.goto(`${ws.url}/customers/${first.id}`);
    await viewer.getByTestId('customer-name').waitFor();
    await viewer.waitForLoadState('networkidle');
    expect(await viewer.getByTestId('customer-duplicates').count()).toBe(0);
    await viewer.context().close();
  });
});

describe.runIf(!hasChromium)('duplicate suggestions on the customer page in Chromium', () => {
  it.skip('needs Chromium at /usr/bin/chromium (apt-get install -y chromium) or KEHU_CHROMIUM', () => {});
});
