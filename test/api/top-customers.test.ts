import { beforeAll, describe, expect, it } from 'vitest';
import { TOP_CUSTOMERS, type DashboardShape } from '../../src/domain/report.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('dashboard top customers per currency', (db) => {
  let api: TestApi;

  const dashboard = async (): Promise<DashboardShape> => (await api.call('GET', '/api/v1/reports/dashboard')).json();
  const buyer = async (name: string, currency: string, amounts: number[]) => {
    const id = (await api.call('POST', '/api/v1/customers', { kind: 'company', name, stage: 'customer' })).json().id;
    for (const unitPrice of amounts) {
      const res = await api.call('POST', '/api/v1/orders', { customerId: id, orderedAt: '2026-01-10T08:00:00Z', currency, items: [{ product: 'Widget', quantity: 1, unitPrice }] });
      expect(res.statusCode, res.body).toBe(201);
    }
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    // more big CNY buyers than the list names, each above every USD buyer in plain numbers
    for (let i = 1; i <= TOP_CUSTOMERS + 2; i++) await buyer(`Yuan ${i}`, 'CNY', [1_000_000 + i * 1_000]);
    await buyer('Dollar big', 'USD', [5_000, 1_000]);
    await buyer('Dollar small', 'USD', [2_000]);
  });

  describe('the top list', () => {
    it('ranks each currency on its own: the USD buyers are named though every CNY amount is larger, and CNY (more orders) comes first', async () => {
      const top = (await dashboard()).topCustomers;
      const cny = top.filter((t) => t.currency === 'CNY');
      expect(cny.map((t) => t.name)).toEqual(Array.from({ length: TOP_CUSTOMERS }, (_, i) => `Yuan ${TOP_CUSTOMERS + 2 - i}`));
      expect(top.filter((t) => t.currency === 'USD').map((t) => [t.name, t.amount, t.orders])).toEqual([
        ['Dollar big', 6_000, 2],
        ['Dollar small', 2_000, 1],
      ]);
      expect(top.map((t) => t.currency)).toEqual([...Array(TOP_CUSTOMERS).fill('CNY'), 'USD', 'USD']);
    });

    it('the kept dashboard answer gives way to the next write: a new order reorders the list at once', async () => {
      const usd = async () => (await dashboard()).topCustomers.filter((t) => t.currency === 'USD').map((t) => t.name);
      expect(await usd()).toEqual(['Dollar big', 'Dollar small']);
      const small = (await api.call('GET', '/api/v1/customers?q=Dollar%20small')).json().items[0].id;
      const res = await api.call('POST', '/api/v1/orders', { customerId: small, orderedAt: '2026-01-12T08:00:00Z', currency: 'USD', items: [{ product: 'Widget', quantity: 1, unitPrice: 9_000 }] });
      expect(res.statusCode, res.body).toBe(201);
      expect(await usd()).toEqual(['Dollar small', 'Dollar big']);
    });
  });
});
