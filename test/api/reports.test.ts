import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import type { DashboardShape } from '../../src/domain/report.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

type Who = 'admin' | 'manager' | 'a' | 'b' | 'c';
const CHINA = 480;

forEachDialect('reports API', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const userIds = {} as Record<Who, number>;
  const customers: Record<string, number> = {};
  let stages: number[] = [];

  const as = async (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const res = await api.call(method, url, body, {}, tokens[who]);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };
  const dashboard = async (who: Who, utcOffset?: number): Promise<DashboardShape> =>
    as(who, 'GET', `/api/v1/reports/dashboard${utcOffset === undefined ? '' : `?utcOffset=${utcOffset}`}`);
  const customer = async (who: Who, name: string, stage: string, extra: Record<string, unknown> = {}) => {
    customers[name] = (await as(who, 'POST', '/api/v1/customers', { kind: 'company', name, stage, ...extra })).id;
  };
  const order = (who: Who, name: string, orderedAt: string, amount: number, extra: Record<string, unknown> = {}) =>
    as(who, 'POST', '/api/v1/orders', { customerId: customers[name], orderedAt, items: [{ product: 'Widget', quantity: 1, unitPrice: amount }], ...extra });
  const names = async (who: Who, utcOffset = 0) =>
    (await as(who, 'GET', `/api/v1/reports/birthdays?utcOffset=${utcOffset}`)).items.map((b: { name: string; next: { inDays: number } }) => [b.name, b.next.inDays]);
  const funnel = (d: DashboardShape) => Object.fromEntries(d.funnel.map((s) => [s.stage, s.count]));
  const perMonth = (d: DashboardShape) => Object.fromEntries(d.newCustomers.filter((m) => m.count > 0).map((m) => [m.month, m.count]));
  const revenue = (d: DashboardShape) =>
    d.revenue.map((r) => ({ currency: r.currency, total: r.total, months: Object.fromEntries(r.months.filter((m) => m.amount > 0).map((m) => [m.month, m.amount])) }));

  beforeAll(async () => {
    // starts on 2026-01-15T08:00Z
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    tokens.admin = api.token;
    for (const who of ['manager', 'a', 'b', 'c'] as const) {
      const user = await api.userToken(who === 'manager' ? 'manager' : 'sales');
      tokens[who] = user.token;
      userIds[who] = user.userId;
    }
    const now = api.clock.now().toISOString();
    const team = async (name: string, managerId: number | null) =>
      (await api.deps.db.insertInto('teams').values({ name, manager_id: managerId, parent_id: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
    const t = await team('Reports T', userIds.manager);
    const u = await team('Reports U', null);
    for (const [who, teamId] of [['manager', t], ['a', t], ['b', t], ['c', u]] as const) {
      await api.deps.db.updateTable('users').set({ team_id: teamId }).where('id', '=', userIds[who]).execute();
    }
    stages = (await as('admin', 'GET', '/api/v1/pipeline-stages')).items.map((s: { id: number }) => s.id);

    // January
    await customer('a', 'Alpha 1', 'lead');
    await customer('a', 'Alpha 2', 'customer');
    await customer('b', 'Beta 1', 'prospect');
    await customer('c', 'Gamma 1', 'customer');
    await customer('admin', 'Pool 1', 'lead', { ownerId: null });
    // March; the last one is already 1 April in China
    api.clock.advance(Date.parse('2026-03-10T08:00:00Z') - api.clock.now().getTime());
    await customer('a', 'Alpha 3', 'lead');
    api.clock.advance(Date.parse('2026-03-31T20:00:00Z') - api.clock.now().getTime());
    await customer('a', 'Alpha late', 'prospect');

    await order('a', 'Alpha 2', '2026-02-10T10:00:00Z', 100_000, { status: 'paid' });
    await order('a', 'Alpha 2', '2026-03-05T10:00:00Z', 50_000, { status: 'completed' });
    await order('a', 'Alpha 2', '2026-03-06T10:00:00Z', 99_999, { status: 'cancelled' });
    await order('a', 'Alpha 2', '2025-01-01T10:00:00Z', 77_700);
    await order('a', 'Alpha 1', '2026-03-20T10:00:00Z', 200_000, { currency: 'USD' });
    await order('b', 'Beta 1', '2026-02-15T10:00:00Z', 300_000);
    await order('c', 'Gamma 1', '2026-01-31T18:00:00Z', 400_000);

    const deal = (who: Who, name: string, stage: number, amount: number, currency: string, extra: Record<string, unknown> = {}) =>
      as(who, 'POST', '/api/v1/deals', { customerId: customers[name], title: `${name} deal`, stageId: stages[stage], amount, currency, ...extra });
    await deal('a', 'Alpha 1', 0, 10_000, 'CNY');
    await deal('a', 'Alpha 2', 0, 5_000, 'USD');
    await deal('a', 'Alpha 2', 1, 20_000, 'CNY');
    await deal('a', 'Alpha 2', 1, 99_000, 'CNY', { status: 'won' });
    await deal('b', 'Beta 1', 0, 7_000, 'CNY');

    const task = (title: string, dueAt: string | null, extra: Record<string, unknown> = {}) =>
      as('a', 'POST', '/api/v1/tasks', { title, dueAt, customerId: customers['Alpha 1'], ...extra });
    await task('overdue', '2026-03-30T09:00:00Z');
    await task('later today', '2026-03-31T22:00:00Z');
    await task('tomorrow in UTC, today in China', '2026-04-01T10:00:00Z');
    await task('undated', null);
    await task('done already', '2026-03-29T09:00:00Z', { done: true });
    await task('for b', '2026-03-30T09:00:00Z', { assigneeId: userIds.b, customerId: null });

    await as('a', 'POST', '/api/v1/contacts', { name: '李娜', customerId: customers['Alpha 1'], birthday: '1990-04-02' });
    await as('a', 'POST', '/api/v1/contacts', { name: '赵敏', customerId: customers['Alpha 1'], birthday: '1990-04-07' });
    await as('a', 'POST', '/api/v1/contacts', { name: 'No birthday', customerId: customers['Alpha 1'] });
    await as('b', 'POST', '/api/v1/contacts', { name: '王芳', customerId: customers['Beta 1'], birthday: '1985-04-01' });
  });

  describe('the funnel', () => {
    it('counts only the customers each viewer may see, every stage listed in funnel order', async () => {
      const a = await dashboard('a');
      expect(a.funnel.map((s) => s.stage)).toEqual(['lead', 'prospect', 'customer', 'churned', 'lost']);
      expect(funnel(a)).toEqual({ lead: 3, prospect: 1, customer: 1, churned: 0, lost: 0 }); // own two leads and the pool
      expect(funnel(await dashboard('manager'))).toEqual({ lead: 2, prospect: 2, customer: 1, churned: 0, lost: 0 });
      expect(funnel(await dashboard('c'))).toEqual({ lead: 1, prospect: 0, customer: 1, churned: 0, lost: 0 });
      expect(funnel(await dashboard('admin'))).toEqual({ lead: 3, prospect: 2, customer: 2, churned: 0, lost: 0 });
    });
  });

  describe('new customers per month', () => {
    it('covers the last 12 months, oldest first, and counts by the month they were created', async () => {
      const a = await dashboard('a');
      expect(a.months).toHaveLength(12);
      expect(a.months[0]).toBe('2025-04');
      expect(a.months.at(-1)).toBe('2026-03');
      expect(a.newCustomers.map((m) => m.month)).toEqual(a.months);
      expect(perMonth(a)).toEqual({ '2026-01': 3, '2026-03': 2 });
      expect(perMonth(await dashboard('manager'))).toEqual({ '2026-01': 3, '2026-03': 2 });
      expect(perMonth(await dashboard('admin'))).toEqual({ '2026-01': 5, '2026-03': 2 });
    });

    it('reads months in the viewer’s time zone: 20:00 UTC on 31 March is April in China', async () => {
      const a = await dashboard('a', CHINA);
      expect(a.months.at(-1)).toBe('2026-04');
      expect(perMonth(a)).toEqual({ '2026-01': 3, '2026-03': 1, '2026-04': 1 });
    });
  });

  describe('revenue', () => {
    it('sums orders per month and currency in minor units, leaving out cancelled ones and older ones', async () => {
      expect(revenue(await dashboard('a'))).toEqual([
        { currency: 'CNY', total: 150_000, months: { '2026-02': 100_000, '2026-03': 50_000 } },
        { currency: 'USD', total: 200_000, months: { '2026-03': 200_000 } },
      ]);
      expect(revenue(await dashboard('manager'))).toEqual([
        { currency: 'CNY', total: 450_000, months: { '2026-02': 400_000, '2026-03': 50_000 } },
        { currency: 'USD', total: 200_000, months: { '2026-03': 200_000 } },
      ]);
      expect(revenue(await dashboard('c'))).toEqual([{ currency: 'CNY', total: 400_000, months: { '2026-01': 400_000 } }]);
    });

    it('puts an order on the viewer’s calendar month', async () => {
      const admin = revenue(await dashboard('admin', CHINA)).find((r) => r.currency === 'CNY');
      expect(admin?.months).toEqual({ '2026-02': 800_000, '2026-03': 50_000 });
    });

    it('names the top customers by revenue per currency (never ranked across currencies), largest first, only visible ones', async () => {
      const top = (d: DashboardShape) => d.topCustomers.map((t) => [t.name, t.currency, t.amount, t.orders]);
      expect(top(await dashboard('admin'))).toEqual([
        ['Gamma 1', 'CNY', 400_000, 1],
        ['Beta 1', 'CNY', 300_000, 1],
        ['Alpha 2', 'CNY', 150_000, 2],
        ['Alpha 1', 'USD', 200_000, 1],
      ]);
      expect(top(await dashboard('a'))).toEqual([
        ['Alpha 2', 'CNY', 150_000, 2],
        ['Alpha 1', 'USD', 200_000, 1],
      ]);
      expect((await dashboard('b')).topCustomers.map((t) => t.customerId)).toEqual([customers['Beta 1']]);
    });
  });

  describe('my open tasks', () => {
    it('counts the viewer’s own open tasks, overdue and due later today, and lists the next ones soonest first', async () => {
      const { myTasks } = await dashboard('a');
      expect(myTasks).toMatchObject({ open: 4, overdue: 1, dueToday: 1 });
      expect(myTasks.next.map((t) => t.title)).toEqual(['overdue', 'later today', 'tomorrow in UTC, today in China', 'undated']);
      expect((await dashboard('a', CHINA)).myTasks).toMatchObject({ open: 4, overdue: 1, dueToday: 2 });
    });

    it('is about the viewer only, not what they can see', async () => {
      expect((await dashboard('b')).myTasks).toMatchObject({ open: 1, overdue: 1, dueToday: 0 });
      expect((await dashboard('manager')).myTasks).toEqual({ open: 0, overdue: 0, dueToday: 0, next: [] });
    });

    it('forgets a task once it is done', async () => {
      const [first] = (await dashboard('a')).myTasks.next;
      await as('a', 'PATCH', `/api/v1/tasks/${first!.id}`, { done: true });
      expect((await dashboard('a')).myTasks).toMatchObject({ open: 3, overdue: 0, dueToday: 1 });
      await as('a', 'PATCH', `/api/v1/tasks/${first!.id}`, { done: false });
    });
  });

  describe('the pipeline', () => {
    it('counts and sums open deals per stage and currency, every stage in board order', async () => {
      const a = (await dashboard('a')).pipeline;
      expect(a.map((s) => s.stageId)).toEqual(stages);
      expect(a[0]).toMatchObject({ count: 2, amounts: [{ currency: 'CNY', amount: 10_000 }, { currency: 'USD', amount: 5_000 }] });
      expect(a[1]).toMatchObject({ count: 1, amounts: [{ currency: 'CNY', amount: 20_000 }] });
      expect(a.slice(2).every((s) => s.count === 0 && s.amounts.length === 0)).toBe(true);
      expect((await dashboard('manager')).pipeline[0]).toMatchObject({ count: 3, amounts: [{ currency: 'CNY', amount: 17_000 }, { currency: 'USD', amount: 5_000 }] });
      expect((await dashboard('c')).pipeline.every((s) => s.count === 0)).toBe(true);
    });

    it('with closed=true, counts won deals in the Won column and lost ones in the Lost column, whatever stage they closed in', async () => {
      const board = (await as('a', 'GET', '/api/v1/reports/pipeline?closed=true')).items as Array<{ name: string; count: number; amounts: unknown[] }>;
      const column = (name: string) => board.find((s) => s.name.startsWith(name));
      expect(column('Won')).toMatchObject({ count: 1, amounts: [{ currency: 'CNY', amount: 99_000 }] });
      expect(column('Lost')).toMatchObject({ count: 0, amounts: [] });
      expect(board[1]).toMatchObject({ count: 1, amounts: [{ currency: 'CNY', amount: 20_000 }] });
      expect((await as('c', 'GET', '/api/v1/reports/pipeline?closed=true')).items.every((s: { count: number }) => s.count === 0)).toBe(true);
      expect((await api.call('GET', '/api/v1/reports/pipeline?closed=maybe')).statusCode).toBe(400);
    });

    it('answers the same totals alone, for the deal board', async () => {
      for (const who of ['a', 'manager', 'c'] as const) {
        expect((await as(who, 'GET', '/api/v1/reports/pipeline')).items).toEqual((await dashboard(who)).pipeline);
      }
    });
  });

  describe('birthdays', () => {

    it('lists the visible contacts whose birthday is in the coming week, soonest first', async () => {
      expect(await names('a')).toEqual([['李娜', 2]]);
      expect(await names('manager')).toEqual([['王芳', 1], ['李娜', 2]]);
      expect(await names('c')).toEqual([]);
    });

    it('counts days from the viewer’s today', async () => {
      expect(await names('a', CHINA)).toEqual([['李娜', 1], ['赵敏', 6]]);
    });
  });

  describe('bad input and the recycle bin', () => {
    it.each([['utcOffset=9999'], ['utcOffset=abc'], ['months=3']])('refuses %s with a 400 naming the parameter', async (query) => {
      const res = await api.call('GET', `/api/v1/reports/dashboard?${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors[0].field).toBe(query.split('=')[0]);
    });

    it('needs a signed-in user', async () => {
      expect((await api.app.inject({ method: 'GET', url: '/api/v1/reports/dashboard' })).statusCode).toBe(401);
    });

    it('leaves out a customer in the recycle bin, with its orders, deals and contacts', async () => {
      const before = await dashboard('a');
      await as('a', 'DELETE', `/api/v1/customers/${customers['Alpha 1']}`);
      const after = await dashboard('a');
      expect(funnel(after).lead).toBe(funnel(before).lead! - 1);
      expect(after.revenue.map((r) => r.currency)).toEqual(['CNY']);
      expect(after.pipeline[0]).toMatchObject({ count: 1, amounts: [{ currency: 'USD', amount: 5_000 }] });
      expect(await names('a')).toEqual([]);
      await as('a', 'POST', `/api/v1/customers/${customers['Alpha 1']}/restore`);
      expect(funnel(await dashboard('a'))).toEqual(funnel(before));
    });
  });

  it('answers a workspace with nothing in it with zeros, not errors', async () => {
    const { token } = await api.userToken('sales');
    const res = await api.call('GET', '/api/v1/reports/dashboard', undefined, {}, token);
    expect(res.statusCode).toBe(200);
    const empty = res.json() as DashboardShape;
    expect(empty.funnel.find((s) => s.stage === 'lead')?.count).toBe(1); // the pool is everyone's
    expect(empty.revenue).toEqual([]);
    expect(empty.topCustomers).toEqual([]);
    expect(empty.myTasks.open).toBe(0);
  });
});
