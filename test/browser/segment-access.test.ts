import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { en } from '../../web/src/app/i18n/en.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { apiAs, hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// walk13: segments showed "New segment" to a viewer and Save on another rep's segment; both were
// refused by the server after the person had built their conditions. What one may not do is not offered.

const OWNER = { email: 'seg-owner@example.com', name: '李娜', password: 'segment owner password' };
const OTHER = { email: 'seg-other@example.com', name: 'Chen Gang', password: 'segment other password' };
const VIEWER = { email: 'seg-viewer@example.com', name: '王看', password: 'segment viewer password' };

describe.skipIf(!hasChromium)('segments (and an empty task list) offer only what one may do', () => {
  let ws: Workspace;
  let segmentId = 0;

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...OWNER, role: 'sales' }, null);
    await createUser(ws.deps, { ...OTHER, role: 'sales' }, null);
    await createUser(ws.deps, { ...VIEWER, role: 'viewer' }, null);
    const owner = await apiAs(ws.url, OWNER);
    segmentId = (await owner('POST', '/segments', { name: '成交客户', filter: { op: 'and', conditions: [{ field: 'stage', operator: 'eq', value: 'customer' }] } })).id;
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  });

  it('a viewer, on a phone in Chinese, sees segments but is not offered to make one, nor Save', async () => {
    const page = await ws.page({ locale: 'zh-CN', width: 390 });
    await signIn(page, ws.url, VIEWER.email, VIEWER.password);
    await page.goto(`${ws.url}/segments`);
    await page.getByRole('link', { name: '成交客户' }).waitFor();
    expect(await page.getByRole('button', { name: zh.analytics.segments.new }).count()).toBe(0);

    await page.getByRole('link', { name: '成交客户' }).click();
    await page.getByTestId('segment-read-only').getByText(zh.analytics.segments.readOnlyRole).waitFor();
    await page.getByTestId('segment-count').waitFor();
    expect(await page.getByTestId('save-segment').count()).toBe(0);
    await page.context().close();
  });

  it('a viewer\'s empty task list does not tell them to press n for a task they may not make', async () => {
    const page = await ws.page({ locale: 'zh-CN', width: 390 });
    await signIn(page, ws.url, VIEWER.email, VIEWER.password);
    await page.goto(`${ws.url}/tasks`);
    await page.getByTestId('task-list').getByText(zh.tasks.empty.mineReadOnly, { exact: true }).waitFor();
    expect(await page.getByRole('button', { name: zh.tasks.new }).count()).toBe(0);
    await page.context().close();
  });

  it('another rep, in English, may open and export a colleague\'s segment, but Save is not offered', async () => {
    const page = await ws.page({ locale: 'en-GB', width: 1280 });
    await signIn(page, ws.url, OTHER.email, OTHER.password);
    await page.goto(`${ws.url}/segments/${segmentId}`);
    await page.getByTestId('segment-read-only').getByText(en.analytics.segments.notYours).waitFor();
    await page.getByTestId('segment-export').waitFor();
    expect(await page.getByTestId('save-segment').count()).toBe(0);
    // their own new segment can be saved
    await page.goto(`${ws.url}/segments`);
    await page.getByTestId('new-segment').click();
    await page.getByTestId('segment-name').fill('My customers');
    await page.getByTestId('save-segment').click();
    await page.getByText(en.analytics.segments.saved.replace('{{name}}', 'My customers')).waitFor();
    expect(await page.getByTestId('segment-read-only').count()).toBe(0);
    await page.context().close();
  });

  it('the owner is offered Save on their own segment', async () => {
    const page = await ws.page({ locale: 'zh-CN', width: 1280 });
    await signIn(page, ws.url, OWNER.email, OWNER.password);
    await page.goto(`${ws.url}/segments/${segmentId}`);
    await page.getByTestId('save-segment').waitFor();
    expect(await page.getByTestId('segment-read-only').count()).toBe(0);
    await page.context().close();
  });
});
