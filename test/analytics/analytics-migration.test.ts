import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const MIGRATION = '2026-12-05T1700-analytics';

forEachDialect('the analytics migration', (db) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('fills the order figures and the stage history from what the database already holds', async () => {
    const customer = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Before Analytics', stage: 'lead' })).json();
    for (const [orderedAt, unitPrice, status] of [['2025-12-31T17:30:00Z', 500, 'completed'], ['2026-01-01T02:00:00Z', 700, 'paid'], ['2026-01-20T02:00:00Z', 900, 'completed'], ['2026-01-21T02:00:00Z', 1_000, 'refunded']] as const) {
      const res = await api.call('POST', '/api/v1/orders', { customerId: customer.id, orderedAt, status, items: [{ product: 'X', quantity: 1, unitPrice }] });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect((await api.call('PATCH', `/api/v1/customers/${customer.id}`, { stage: 'customer' })).statusCode).toBe(200);
    const expected = await api.deps.db.selectFrom('customer_order_stats').selectAll().execute();

    let reverted: string | null;
    do reverted = await migrateDown(db());
    while (reverted !== null && reverted !== MIGRATION);
    expect(reverted).toBe(MIGRATION);
    await migrate(db());

    expect(await api.deps.db.selectFrom('customer_order_stats').selectAll().execute()).toEqual(expected);
    expect(expected).toMatchObject([{ orders: 3, purchase_days: 2, first_day_total: 1_200, months: '2026-01' }]);
    const history = await api.deps.db.selectFrom('customer_stage_changes').select(['customer_id', 'from_stage', 'to_stage']).execute();
    expect(history.map((h) => [Number(h.customer_id), h.from_stage, h.to_stage])).toEqual([[customer.id, 'lead', 'customer']]);
    const stale = await sql<{ n: number }>`select count(*) as n from order_stats_stale`.execute(api.deps.db);
    expect(Number(stale.rows[0]?.n)).toBe(0);
  });
});
