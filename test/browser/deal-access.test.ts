import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { zh } from '../../web/src/app/i18n/zh.ts';
import { apiWithToken, hasChromium, signIn, startWorkspace, type Workspace } from './support.ts';

// Issue 13: the deal board, the deal list and the tasks page offer a change only where the
// record may be changed — not on a colleague's customer shared read-only (the server says 403).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API answers, checked by the assertions that read them
type Answer = any;

const PASSWORD = 'deal access password';
const ADMIN = { email: 'deal-access-admin@example.com', name: '管理员', password: PASSWORD };
const REP = { email: 'deal-access-rep@example.com', name: '李娜', password: PASSWORD };
const OTHER_REP = { email: 'deal-access-rep2@example.com', name: '陈刚', password: PASSWORD };
const SHOTS = process.env.KEHU_SHOTS;

describe.skipIf(!hasChromium)('a read-only share on the deal board, the deal list and the tasks page in Chromium', () => {
  let ws: Workspace;
  let token = '';
  const ids: Record<string, number> = {};
  let stages: Array<{ id: number; name: string }> = [];
  let mine: Answer;
  let theirs: Answer;
  let ownDeal: Answer;
  let sharedDeal: Answer;

  const api = (method: string, path: string, body?: unknown): Promise<Answer> => apiWithToken(ws.url, token)(method, path, body);
  const asRep = async (options: { locale?: string; width?: number } = {}): Promise<Page> => {
    const page = await ws.page(options);
    await signIn(page, ws.url, REP.email, REP.password);
    return page;
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  beforeAll(async () => {
    ws = await startWorkspace();
    await createUser(ws.deps, { ...ADMIN, role: 'admin' }, null);
    token = (await createToken(ws.deps, { email: ADMIN.email }, null)).token;
    ids.rep = (await createUser(ws.deps, { ...REP, role: 'sales', team: '华东' }, null)).id;
    ids.otherRep = (await createUser(ws.deps, { ...OTHER_REP, role: 'sales', team: '华东' }, null)).id;
    await ensureDefaultStages(ws.deps);
    stages = (await api('GET', '/pipeline-stages')).items;
    mine = await api('POST', '/customers', { kind: 'company', name: '自有机电有限公司', ownerId: ids.rep });
    theirs = await api('POST', '/customers', { kind: 'company', name: '只读共享贸易有限公司', ownerId: ids.otherRep });
    await api('POST', `/customers/${theirs.id}/shares`, { userId: ids.rep, access: 'read' });
    ownDeal = await api('POST', '/deals', { customerId: mine.id, title: '自有年度协议', stageId: stages[0]!.id, amount: 500_000, currency: 'CNY', ownerId: ids.rep });
    sharedDeal = await api('POST', '/deals', { customerId: theirs.id, title: '同事的框架合同', stageId: stages[0]!.id, amount: 900_000, currency: 'CNY', ownerId: ids.otherRep });
  }, 180_000);
  afterAll(async () => {
    await ws?.close();
  }, 120_000);

  it("the board: the colleague's read-only deal has no menu and does not move when dragged; the rep's own deal does", async () => {
    const page = await asRep({ width: 1280 });
    const accessCalls: string[] = [];
    page.on('request', (request) => {
      if (/\/access(\?|$)/.test(new URL(request.url()).pathname)) accessCalls.push(new URL(request.url()).pathname);
    });
    await page.goto(`${ws.url}/deals`);
    const column = (stageId: number) => page.locator(`[data-testid="stage-column"][data-stage-id="${stageId}"]`);
    const card = (deal: Answer) => page.locator(`[data-testid="deal-card"][data-deal-id="${deal.id}"]`);
    await card(sharedDeal).waitFor();
    // the own deal's menu shows once the access answer is in
    await card(ownDeal).getByRole('button', { name: zh.deals.actions }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'board-zh-1280');
    expect(await card(sharedDeal).getByRole('button', { name: zh.deals.actions }).count()).toBe(0);
    expect(await card(sharedDeal).getAttribute('draggable')).toBe('false');
    expect(await card(ownDeal).getAttribute('draggable')).toBe('true');
    // one request per column's page of deals, none per card
    expect(accessCalls.length).toBeGreaterThan(0);
    expect(accessCalls.every((path) => path === '/api/v1/deals/access')).toBe(true);
    expect(accessCalls.length).toBeLessThanOrEqual(stages.length);

    // Dragged, the read-only deal stays where it is (and nothing is sent).
    await card(sharedDeal).dragTo(column(stages[1]!.id));
    await page.waitForLoadState('networkidle');
    expect(await column(stages[0]!.id).locator(`[data-deal-id="${sharedDeal.id}"]`).count()).toBe(1);
    expect(await column(stages[1]!.id).locator(`[data-deal-id="${sharedDeal.id}"]`).count()).toBe(0);
    expect(await page.locator('.ant-message-error').allTextContents()).toEqual([]);
    expect((await api('GET', `/deals/${sharedDeal.id}`)).stageId).toBe(stages[0]!.id);

    // The rep's own deal moves.
    await card(ownDeal).dragTo(column(stages[1]!.id));
    await column(stages[1]!.id).locator(`[data-deal-id="${ownDeal.id}"]`).waitFor();
    await expect.poll(async () => (await api('GET', `/deals/${ownDeal.id}`)).stageId).toBe(stages[1]!.id);
    await page.context().close();
  }, 90_000);

  it('an empty column asks for a dragged deal only where cards drag: at a desk, not on a phone', async () => {
    for (const [width, shown, hidden] of [[1280, zh.deals.dropHere, zh.deals.noDeals], [390, zh.deals.noDeals, zh.deals.dropHere]] as const) {
      const page = await asRep({ width });
      await page.goto(`${ws.url}/deals`);
      await page.getByTestId('deal-card').first().waitFor();
      await page.waitForLoadState('networkidle');
      const board = page.getByTestId('deal-board');
      expect(await board.getByText(shown).count(), `${width}`).toBeGreaterThan(0);
      expect(await board.getByText(hidden).count(), `${width}`).toBe(0);
      await page.context().close();
    }
  }, 60_000);

  it('the list: only the own deal opens for editing', async () => {
    const page = await asRep({ width: 390 });
    await page.goto(`${ws.url}/deals?view=list`);
    const list = page.getByTestId('deal-list');
    const ownRow = list.locator('tr', { hasText: '自有年度协议' });
    const sharedRow = list.locator('tr', { hasText: '同事的框架合同' });
    await sharedRow.waitFor();
    await ownRow.getByRole('button', { name: '自有年度协议' }).waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'list-zh-390');
    expect(await sharedRow.getByRole('button').count()).toBe(0);
    await sharedRow.getByText('同事的框架合同').dblclick();
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await ownRow.getByRole('button', { name: '自有年度协议' }).click();
    await page.getByRole('dialog').getByText(zh.deals.edit).waitFor();
    await page.context().close();
  }, 60_000);

  it("the tasks page: a task about the read-only customer has no tick, edit or delete; the rep's own task has", async () => {
    const own = await api('POST', '/tasks', { title: '回访自有客户', customerId: mine.id, assigneeId: ids.rep });
    const shared = await api('POST', '/tasks', { title: '跟进同事的客户', customerId: theirs.id, assigneeId: ids.rep });
    const page = await asRep({ locale: 'en-US', width: 1280 });
    await page.goto(`${ws.url}/tasks`);
    const list = page.getByTestId('task-list');
    const item = (title: string) => list.getByTestId('task-item').filter({ hasText: title });
    await item(shared.title).waitFor();
    await item(own.title).getByTestId('edit-record').waitFor();
    await page.waitForLoadState('networkidle');
    await shot(page, 'tasks-en-1280');
    expect(await item(shared.title).getByRole('checkbox').isDisabled()).toBe(true);
    expect(await item(shared.title).getByTestId('edit-record').count()).toBe(0);
    expect(await item(shared.title).getByTestId('delete-record').count()).toBe(0);
    expect(await item(own.title).getByRole('checkbox').isDisabled()).toBe(false);
    await item(own.title).getByRole('checkbox').click();
    await expect.poll(async () => (await api('GET', `/tasks/${own.id}`)).done).toBe(true);
    expect((await api('GET', `/tasks/${shared.id}`)).done).toBe(false);
    await page.context().close();
  }, 60_000);
});
