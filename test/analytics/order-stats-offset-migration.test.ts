import { beforeAll, expect, it } from 'vitest';
import { refreshStaleOrderStats } from '../../src/core/analytics/refresh-order-stats.ts';
import { migrate, migrateDown } from '../../src/core/db/migrate.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const MIGRATION = '2026-12-07T0500-order-stats-offset';

forEachDialect('the order figures offset migration', (db) => {
  let api: TestApi;

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('marks the figures already kept with the offset in force, so upgrading counts nothing again', async () => {
    expect((await api.call('PATCH', '/api/v1/settings/time-zone', { utcOffset: -300 })).statusCode).toBe(200);
    const customer = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Before the column' })).json();
    const res = await api.call('POST', '/api/v1/orders', { customerId: customer.id, orderedAt: '2026-01-31T20:00:00Z', items: [{ product: 'X', quantity: 1, unitPrice: 100 }] });
    expect(res.statusCode, res.body).toBe(201);

    let reverted: string | null;
    do reverted = await migrateDown(db());
    while (reverted !== null && reverted !== MIGRATION);
    expect(reverted).toBe(MIGRATION);
    await migrate(db());

    const rows = await api.deps.db.selectFrom('customer_order_stats').select(['customer_id', 'utc_offset', 'months']).execute();
    expect(rows.map((r) => [Number(r.customer_id), Number(r.utc_offset), r.months])).toEqual([[customer.id, -300, '2026-01']]);
    expect(await refreshStaleOrderStats(api.deps)).toBe(0);
  });
});
