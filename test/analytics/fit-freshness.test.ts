import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// The day's BG/NBD and Gamma-Gamma fit is kept for the day, but not past an import that changes
// the orders it was made on: a second import the same day would otherwise be scored with
// parameters that never saw it (P(alive) near 1 for customers who stopped buying months ago).

const AS_OF = '2026-06-30';

forEachDialect('the day’s lifetime-value fit follows the orders', (db) => {
  let api: TestApi;
  const customers: number[] = [];

  const order = async (customerId: number, date: string) => {
    const res = await api.call('POST', '/api/v1/orders', { customerId, orderedAt: `${date}T04:00:00Z`, currency: 'CNY', items: [{ product: 'Tea', quantity: 1, unitPrice: 120_00 }] });
    expect(res.statusCode, res.body).toBe(201);
  };
  const fit = async () => {
    const res = await api.call('GET', `/api/v1/analytics/clv?asOf=${AS_OF}&currency=CNY&limit=5`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().model as { fittedAt: string; customers: number };
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    for (let i = 0; i < 5; i++) {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: `Buyer ${i}` });
      expect(res.statusCode, res.body).toBe(201);
      customers.push(res.json().id);
    }
    // 20 orders: four each, a month apart
    for (const id of customers) for (const month of ['01', '02', '03', '04']) await order(id, `2026-${month}-1${customers.indexOf(id)}`);
  });

  it('is reused while the orders stay within 5 % of those it was made on, and made again past that', async () => {
    const first = await fit();
    api.clock.advance(60_000);
    await order(customers[0] as number, '2026-05-02');
    // 21 orders against 20: the morning's fit still holds
    expect((await fit()).fittedAt).toBe(first.fittedAt);

    api.clock.advance(60_000);
    await order(customers[1] as number, '2026-05-03');
    await order(customers[2] as number, '2026-05-04');
    // 23 against 20: made again, on the orders as they are now
    const second = await fit();
    expect(second.fittedAt).not.toBe(first.fittedAt);
    const stored = await api.deps.db.selectFrom('purchase_models').select(['orders', 'fitted_at']).where('currency', '=', 'CNY').where('as_of', '=', AS_OF).executeTakeFirstOrThrow();
    expect(Number(stored.orders)).toBe(23);
  });
});
