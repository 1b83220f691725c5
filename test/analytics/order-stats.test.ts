import { beforeAll, expect, it } from 'vitest';
import { refreshOrderStats, refreshStaleOrderStats } from '../../src/core/analytics/refresh-order-stats.ts';
import { inTransaction } from '../../src/core/context.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const item = (unitPrice: number, quantity = 1) => ({ product: 'Widget', quantity, unitPrice });

forEachDialect('per-customer order figures', (db) => {
  let api: TestApi;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newCustomer = async (name: string): Promise<number> => (await post('/api/v1/customers', { kind: 'company', name })).id;
  const order = (customerId: number, orderedAt: string, unitPrice: number, extra: Record<string, unknown> = {}) =>
    post('/api/v1/orders', { customerId, orderedAt, items: [item(unitPrice)], ...extra });
  const stats = (customerId: number) =>
    api.deps.db.selectFrom('customer_order_stats').selectAll().where('customer_id', '=', customerId).orderBy('currency').execute().then((rows) =>
      rows.map((r) => ({ ...r, customer_id: Number(r.customer_id), orders: Number(r.orders), total: Number(r.total), purchase_days: Number(r.purchase_days), first_day_total: Number(r.first_day_total) })),
    );
  const allStats = async () =>
    (await api.deps.db.selectFrom('customer_order_stats').selectAll().orderBy('customer_id').orderBy('currency').execute()).map((r) => JSON.stringify({ ...r, customer_id: Number(r.customer_id), orders: Number(r.orders), total: Number(r.total), purchase_days: Number(r.purchase_days), first_day_total: Number(r.first_day_total) }));

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('every order write keeps its customer’s figures: count, total, first and last order, purchase days, first-day value, months', async () => {
    const c = await newCustomer('Figures Ltd');
    expect(await stats(c)).toEqual([]);
    await order(c, '2026-01-10T02:00:00Z', 100_00);
    // 20:00 UTC on the 10th is 04:00 on the 11th at UTC+08:00: another day, same month
    await order(c, '2026-01-10T20:00:00Z', 50_00);
    await order(c, '2026-01-11T03:00:00Z', 25_00);
    const march = await order(c, '2026-02-28T17:00:00Z', 10_00);
    expect(await stats(c)).toEqual([
      {
        customer_id: c,
        currency: 'CNY',
        orders: 4,
        total: 185_00,
        first_order_at: '2026-01-10T02:00:00.000Z',
        last_order_at: '2026-02-28T17:00:00.000Z',
        purchase_days: 3,
        first_day_total: 100_00,
        months: '2026-01,2026-03',
        utc_offset: 480,
      },
    ]);
    const cancelled = await api.call('PATCH', `/api/v1/orders/${march.id}`, { status: 'cancelled' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await stats(c)).toMatchObject([{ orders: 3, total: 175_00, last_order_at: '2026-01-11T03:00:00.000Z', months: '2026-01' }]);
    expect((await api.call('DELETE', `/api/v1/orders/${march.id}`)).statusCode).toBe(204);
    expect((await api.call('POST', `/api/v1/orders/${march.id}/restore`)).statusCode).toBe(200);
    expect(await stats(c)).toMatchObject([{ orders: 3 }]);
    await api.call('PATCH', `/api/v1/orders/${march.id}`, { status: 'completed' });
    expect(await stats(c)).toMatchObject([{ orders: 4, months: '2026-01,2026-03' }]);
  });

  it('currencies stay apart; moving an order to another customer moves it in both customers’ figures; deleting takes it out', async () => {
    const a = await newCustomer('Two Currencies A');
    const b = await newCustomer('Two Currencies B');
    await order(a, '2026-01-05T04:00:00Z', 300_00);
    const usd = await order(a, '2026-01-06T04:00:00Z', 40_00, { currency: 'USD' });
    expect((await stats(a)).map((s) => [s.currency, s.orders, s.total])).toEqual([['CNY', 1, 300_00], ['USD', 1, 40_00]]);
    expect((await api.call('PATCH', `/api/v1/orders/${usd.id}`, { customerId: b })).statusCode).toBe(200);
    expect((await stats(a)).map((s) => s.currency)).toEqual(['CNY']);
    expect((await stats(b)).map((s) => [s.currency, s.total])).toEqual([['USD', 40_00]]);
    expect((await api.call('DELETE', `/api/v1/orders/${usd.id}`)).statusCode).toBe(204);
    expect(await stats(b)).toEqual([]);
  });

  it('a merge and its undo move the orders’ figures in the same transaction; the triggers catch a change made behind the use cases’ back', async () => {
    const survivor = await newCustomer('Merge Survivor');
    const merged = await newCustomer('Merge Merged');
    await order(survivor, '2026-01-03T04:00:00Z', 10_00);
    await order(merged, '2026-01-04T04:00:00Z', 20_00);
    const res = await api.call('POST', '/api/v1/merges', { entity: 'customers', survivorId: survivor, mergedId: merged });
    expect(res.statusCode, res.body).toBe(201);
    const stale = () => api.deps.db.selectFrom('order_stats_stale').select('customer_id').execute().then((rows) => rows.map((r) => Number(r.customer_id)).sort());
    expect(await stale()).toEqual([]);
    expect(await stats(survivor)).toMatchObject([{ orders: 2, total: 30_00, purchase_days: 2 }]);
    expect(await stats(merged)).toEqual([]);
    const undo = await api.call('POST', `/api/v1/merges/${res.json().id}/undo`, {});
    expect(undo.statusCode, undo.body).toBe(200);
    expect(await stale()).toEqual([]);
    expect(await stats(survivor)).toMatchObject([{ orders: 1, total: 10_00 }]);
    expect(await stats(merged)).toMatchObject([{ orders: 1, total: 20_00 }]);

    await api.deps.db.updateTable('orders').set({ customer_id: survivor }).where('customer_id', '=', merged).execute();
    expect(await stale()).toEqual([survivor, merged].sort());
    expect(await refreshStaleOrderStats(api.deps)).toBe(2);
    expect(await stats(survivor)).toMatchObject([{ orders: 2, total: 30_00, purchase_days: 2 }]);
    expect(await stats(merged)).toEqual([]);
    expect(await refreshStaleOrderStats(api.deps)).toBe(0);
  });

  it('what the writes kept equals a recomputation from scratch', async () => {
    const kept = await allStats();
    const ids = (await api.deps.db.selectFrom('customers').select('id').execute()).map((r) => Number(r.id));
    await inTransaction(api.deps, (tx) => refreshOrderStats(tx, ids));
    expect(await allStats()).toEqual(kept);
  });

  it('a failed order write leaves the figures as they were', async () => {
    const c = await newCustomer('Failing Writes');
    await order(c, '2026-01-10T02:00:00Z', 100_00);
    const before = await stats(c);
    const res = await api.call('POST', '/api/v1/orders', { customerId: c, orderedAt: '2026-01-12T02:00:00Z', items: [item(1)], total: 999 });
    expect(res.statusCode).toBe(400);
    expect(await stats(c)).toEqual(before);
  });
});

forEachDialect('customer stage history', (db) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const changes = async (customerId: number) =>
    (await api.deps.db.selectFrom('customer_stage_changes').selectAll().where('customer_id', '=', customerId).orderBy('id').execute()).map((r) => ({
      from: r.from_stage,
      to: r.to_stage,
      at: r.changed_at,
      by: r.changed_by === null ? null : Number(r.changed_by),
    }));

  it('records each change of stage, when and by whom, and nothing for an edit that leaves the stage alone', async () => {
    const { token, userId } = await api.userToken('manager');
    const created = await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Stage Walker', stage: 'lead' }, {}, token);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    expect(await changes(id)).toEqual([]);
    api.clock.advance(86_400_000);
    expect((await api.call('PATCH', `/api/v1/customers/${id}`, { stage: 'prospect' }, {}, token)).statusCode).toBe(200);
    expect((await api.call('PATCH', `/api/v1/customers/${id}`, { notes: 'no stage change' }, {}, token)).statusCode).toBe(200);
    api.clock.advance(86_400_000);
    expect((await api.call('PATCH', `/api/v1/customers/${id}`, { stage: 'customer' }, {}, token)).statusCode).toBe(200);
    expect(await changes(id)).toEqual([
      { from: 'lead', to: 'prospect', at: '2026-01-16T08:00:00.000Z', by: userId },
      { from: 'prospect', to: 'customer', at: '2026-01-17T08:00:00.000Z', by: userId },
    ]);
  });

  it('a refused update records nothing', async () => {
    const id = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Stale Version', stage: 'lead' })).json().id;
    const res = await api.call('PATCH', `/api/v1/customers/${id}`, { stage: 'customer' }, { 'if-match': '"v9"' });
    expect(res.statusCode).toBe(412);
    expect(await changes(id)).toEqual([]);
  });
});
