import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// Reports keep their computed lists until the next write: every write that changes what a
// report shows must show in the next answer, and each viewer keeps their own lists.

type Who = 'admin' | 'a' | 'b';
const AS_OF = '2026-03-31';
const at = (date: string) => `${date}T04:00:00Z`;

forEachDialect('analytics kept between writes', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;
  const ids: Record<string, number> = {};

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => api.call(method, url, body, {}, tokens[who]);
  const get = async (who: Who, url: string) => {
    const res = await call(who, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const customer = async (name: string, owner: Who) => {
    const res = await call('admin', 'POST', '/api/v1/customers', { kind: 'company', name, ownerId: users[owner] });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
  };
  const order = async (name: string, date: string, amount: number): Promise<number> => {
    const res = await call('admin', 'POST', '/api/v1/orders', { customerId: ids[name], orderedAt: at(date), currency: 'CNY', items: [{ product: 'Tea', quantity: 1, unitPrice: amount }] });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const rfm = (who: Who) => get(who, `/api/v1/analytics/rfm?asOf=${AS_OF}&limit=100`);
  const names = (report: { items: Array<{ name: string }> }) => report.items.map((i) => i.name).sort();

  beforeAll(async () => {
    api = await createTestApi(db());
    tokens.admin = api.token;
    users.admin = (await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    for (const who of ['a', 'b'] as const) {
      const user = await api.userToken('sales');
      tokens[who] = user.token;
      users[who] = user.userId;
    }
    await customer('Alpha', 'a');
    await customer('Beta', 'b');
    await order('Alpha', '2026-01-10', 100_00);
    await order('Beta', '2026-02-10', 300_00);
  });

  it('a new, deleted or restored order shows in the next RFM, ABC and cohort answer', async () => {
    expect((await rfm('admin')).customers).toBe(2);
    expect((await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`)).revenue).toBe(400_00);
    const cohorts = async () => (await get('admin', `/api/v1/analytics/cohorts?asOf=${AS_OF}`)).cohorts.map((c: { month: string; customers: number }) => [c.month, c.customers]);
    expect(await cohorts()).toEqual([['2026-01', 1], ['2026-02', 1]]);

    await customer('Gamma', 'a');
    const id = await order('Gamma', '2026-03-20', 50_00);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect((await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`)).revenue).toBe(450_00);
    expect(await cohorts()).toEqual([['2026-01', 1], ['2026-02', 1], ['2026-03', 1]]);

    expect((await call('admin', 'DELETE', `/api/v1/orders/${id}`)).statusCode).toBe(204);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta']);
    expect((await call('admin', 'POST', `/api/v1/orders/${id}/restore`)).statusCode).toBe(200);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('each rep keeps their own list, and a customer handed to another rep moves with the next answer', async () => {
    expect(names(await rfm('a'))).toEqual(['Alpha', 'Gamma']);
    expect(names(await rfm('b'))).toEqual(['Beta']);
    const moved = await call('admin', 'PATCH', `/api/v1/customers/${ids.Gamma}`, { ownerId: users.b });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(names(await rfm('a'))).toEqual(['Alpha']);
    expect(names(await rfm('b'))).toEqual(['Beta', 'Gamma']);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta', 'Gamma']);
  });

  it('the kept lifecycle answer gives way to a stage change at once', async () => {
    const current = async () => Object.fromEntries((await get('admin', '/api/v1/analytics/lifecycle?groupBy=owner')).stages.map((s: { stage: string; current: number }) => [s.stage, s.current]));
    const before = await current();
    const changed = await call('admin', 'PATCH', `/api/v1/customers/${ids.Alpha}`, { stage: 'customer' });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await current();
    expect(after.customer).toBe((before.customer ?? 0) + 1);
  });

  it('the profile shows the customer’s own orders at once, ranked among the others', async () => {
    const profile = async () => (await get('admin', `/api/v1/analytics/customers/${ids.Alpha}/profile?asOf=${AS_OF}`)).currencies[0];
    const before = await profile();
    expect(before).toMatchObject({ orders: 1, revenue: 100_00, comparedWith: 3, abc: { rank: 2 } });
    await order('Alpha', '2026-03-30', 400_00);
    const after = await profile();
    expect(after).toMatchObject({ orders: 2, revenue: 500_00, comparedWith: 3, abc: { rank: 1, class: 'A' } });
    expect(after.rfm.recencyDays).toBe(1);
    expect(after.percentile).toBeGreaterThan(before.percentile);
  });
  it('a customer put in the recycle bin leaves the next answers, and comes back when restored', async () => {
    const abc = () => get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`);
    const cohortSizes = async () => (await get('admin', `/api/v1/analytics/cohorts?asOf=${AS_OF}`)).cohorts.map((c: { month: string; customers: number }) => [c.month, c.customers]);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    const revenue = (await abc()).revenue;
    expect((await call('admin', 'DELETE', `/api/v1/customers/${ids.Beta}`)).statusCode).toBe(204);
    const without = await rfm('admin');
    expect(names(without)).toEqual(['Alpha', 'Gamma']);
    expect(without.withoutOrders).toBe(0);
    expect(without.currencies).toEqual([{ currency: 'CNY', customers: 2 }]);
    expect((await abc()).revenue).toBe(revenue - 300_00);
    expect(await cohortSizes()).toEqual([['2026-01', 1], ['2026-02', 0], ['2026-03', 1]].filter(([, n]) => n !== 0));
    expect(names(await rfm('b'))).toEqual(['Gamma']);
    expect((await call('admin', 'POST', `/api/v1/customers/${ids.Beta}/restore`)).statusCode).toBe(200);
    expect(names(await rfm('admin'))).toEqual(['Alpha', 'Beta', 'Gamma']);
    expect((await abc()).revenue).toBe(revenue);
  });
  it('a customer who also bought in another currency after the day counts once in the first', async () => {
    const revenue = (await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`)).revenue;
    await customer('Delta', 'a');
    await order('Delta', '2026-02-01', 70_00);
    const usd = await call('admin', 'POST', '/api/v1/orders', { customerId: ids.Delta, orderedAt: at('2026-04-05'), currency: 'USD', items: [{ product: 'Tea', quantity: 1, unitPrice: 5_00 }] });
    expect(usd.statusCode, usd.body).toBe(201);
    const report = await rfm('admin');
    expect(report.items.map((i: { name: string }) => i.name).sort()).toEqual(['Alpha', 'Beta', 'Delta', 'Gamma']);
    expect(report.customers).toBe(4);
    expect((await get('admin', `/api/v1/analytics/abc?asOf=${AS_OF}`)).revenue).toBe(revenue + 70_00);
    expect((await get('admin', `/api/v1/analytics/rfm?asOf=${AS_OF}&currency=USD`)).customers).toBe(0);
    const profile = await get('admin', `/api/v1/analytics/customers/${ids.Delta}/profile?asOf=${AS_OF}`);
    expect(profile.currencies.map((c: { currency: string; orders: number }) => [c.currency, c.orders])).toEqual([['CNY', 1]]);
  });
});
