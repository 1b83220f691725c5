import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Order {
  id: number;
  orderNo: string | null;
  total: number;
  status: string;
  currency: string;
  orderedAt: string;
  items: Array<{ product: string; sku: string | null; quantity: number; unitPrice: number; amount: number }>;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);
const item = (product: string, quantity: number, unitPrice: number) => ({ product, quantity, unitPrice });

forEachDialect('orders API', (db) => {
  let api: TestApi;
  let customerId: number;
  let stageId: number;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newCustomer = async (name: string): Promise<number> => (await post('/api/v1/customers', { kind: 'company', name })).id;
  const newOrder = (body: Record<string, unknown> = {}): Promise<Order> =>
    post('/api/v1/orders', { customerId, orderedAt: '2026-01-10T10:00:00Z', items: [item('Widget', 1, 100)], ...body });
  const count = async (table: 'orders' | 'order_items') =>
    Number((await api.deps.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => [await count('orders'), await count('order_items')];

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    stageId = (await api.call('GET', '/api/v1/pipeline-stages')).json().items[0].id;
    customerId = await newCustomer('上海小米贸易有限公司');
  });

  describe('create and read', () => {
    it('computes item amounts and the total in integer minor units, and reads them back', async () => {
      const res = await api.call('POST', '/api/v1/orders', {
        customerId,
        orderNo: ' SO-2026-0001 ',
        orderedAt: '2026-01-10T18:30:00+08:00',
        items: [
          { product: ' 小米 14  Pro ', sku: 'MI14P-512', quantity: 3, unitPrice: 5999_00 },
          { product: 'Care plan', quantity: 1, unitPrice: 199_99 },
        ],
      });
      expect(res.statusCode).toBe(201);
      const order = res.json();
      expect(order).toMatchObject({
        customerId,
        orderNo: 'SO-2026-0001',
        orderedAt: '2026-01-10T10:30:00.000Z',
        status: 'completed',
        currency: 'CNY',
        total: 1799700 + 19999,
        dealId: null,
        version: 1,
      });
      expect(order.items).toEqual([
        { product: '小米 14 Pro', sku: 'MI14P-512', quantity: 3, unitPrice: 599900, amount: 1799700 },
        { product: 'Care plan', sku: null, quantity: 1, unitPrice: 19999, amount: 19999 },
      ]);
      expect(res.headers.location).toBe(`/api/v1/orders/${order.id}`);
      const read = await api.call('GET', `/api/v1/orders/${order.id}`);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(order);
    });

    it('accepts a total that matches the items and refuses one that does not', async () => {
      const items = [item('A', 2, 250), item('B', 1, 500)];
      expect((await newOrder({ items, total: 1000 })).total).toBe(1000);
      const before = await counts();
      const res = await api.call('POST', '/api/v1/orders', { customerId, orderedAt: '2026-01-10T10:00:00Z', items, total: 999 });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'total', message: 'does not match the items, which add up to 1000', code: 'order.total_mismatch', params: { total: 1000 } }]);
      expect(await counts()).toEqual(before);
    });

    it('takes an order of 500 items in one piece', async () => {
      const items = Array.from({ length: 500 }, (_, i) => ({ product: `Part ${i}`, sku: `P-${i}`, quantity: i + 1, unitPrice: 10 }));
      const order = await newOrder({ items });
      expect(order.items).toHaveLength(500);
      expect(order.items[499]).toEqual({ product: 'Part 499', sku: 'P-499', quantity: 500, unitPrice: 10, amount: 5000 });
      expect(order.total).toBe((500 * 501 * 10) / 2);
    });

    it.each([
      ['one item with quantity 0', { items: [item('Good', 1, 100), item('Bad', 0, 100)] }, 'items[1].quantity'],
      ['a fractional quantity', { items: [item('Bad', 1.5, 100)] }, 'items[0].quantity'],
      ['a fractional unit price', { items: [item('Bad', 1, 9.99)] }, 'items[0].unitPrice'],
      ['a negative unit price', { items: [item('Bad', 1, -1)] }, 'items[0].unitPrice'],
      ['a blank product', { items: [item('Good', 1, 100), item('   ', 1, 100)] }, 'items[1].product'],
      ['an amount too large to store', { items: [item('Gold', 1_000_000, 9_000_000_000_000)] }, 'items[0].unitPrice'],
      ['an unknown item field', { items: [{ ...item('X', 1, 1), colour: 'red' }] }, 'items[0].colour'],
      ['no items', { items: [] }, 'items'],
      ['501 items', { items: Array.from({ length: 501 }, (_, i) => item(`P${i}`, 1, 1)) }, 'items'],
      ['a missing orderedAt', { orderedAt: undefined }, 'orderedAt'],
      ['an orderedAt without a time zone', { orderedAt: '2026-01-10T10:00:00' }, 'orderedAt'],
      ['an orderedAt in year 0', { orderedAt: '0000-06-01T00:00:00Z' }, 'orderedAt'],
      ['a bad status', { status: 'lost' }, 'status'],
      ['an unknown currency', { currency: 'ABC' }, 'currency'],
      ['a blank order number', { orderNo: '   ' }, 'orderNo'],
      ['an unknown customer', { customerId: 987654 }, 'customerId'],
      ['an unknown deal', { dealId: 987654 }, 'dealId'],
      ['an unknown custom field', { custom: { mood: 'good' } }, 'custom.mood'],
    ])('answers %s with 400 naming the field, and writes no order and no items', async (_what, patch, field) => {
      const before = await counts();
      const res = await api.call('POST', '/api/v1/orders', { customerId, orderedAt: '2026-01-10T10:00:00Z', items: [item('Widget', 1, 100)], ...patch });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fields(res)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses a deal of another customer and a customer in the recycle bin', async () => {
      const other = await newCustomer('Other Buyer Ltd');
      const deal = await post('/api/v1/deals', { customerId: other, title: 'Elsewhere', stageId });
      const wrongDeal = await api.call('POST', '/api/v1/orders', { customerId, dealId: deal.id, orderedAt: '2026-01-10T10:00:00Z', items: [item('X', 1, 1)] });
      expect(wrongDeal.statusCode).toBe(400);
      expect(wrongDeal.json().errors).toEqual([{ field: 'dealId', message: `deal ${deal.id} does not belong to customer ${customerId}`, code: 'field.other_customer', params: { entity: 'deal', id: deal.id, customer: customerId } }]);
      const right = await post('/api/v1/orders', { customerId: other, dealId: deal.id, orderedAt: '2026-01-10T10:00:00Z', items: [item('X', 1, 1)] });
      expect(right.dealId).toBe(deal.id);

      await api.call('DELETE', `/api/v1/customers/${other}`);
      const before = await counts();
      const gone = await api.call('POST', '/api/v1/orders', { customerId: other, orderedAt: '2026-01-10T10:00:00Z', items: [item('X', 1, 1)] });
      expect(gone.statusCode).toBe(400);
      expect(gone.json().errors).toEqual([{ field: 'customerId', message: `customer ${other} is in the recycle bin`, code: 'field.in_recycle_bin', params: { entity: 'customer', id: other } }]);
      expect(await counts()).toEqual(before);
      expect((await api.call('GET', `/api/v1/orders/${right.id}`)).statusCode).toBe(404);
    });

    it('answers a taken order number with 409 on orderNo, writing nothing; a deleted order frees its number', async () => {
      const first = await newOrder({ orderNo: 'SO-DUP-1' });
      const before = await counts();
      const dup = await api.call('POST', '/api/v1/orders', { customerId, orderNo: 'SO-DUP-1', orderedAt: '2026-01-10T10:00:00Z', items: [item('A', 1, 1), item('B', 1, 1)] });
      expect(dup.statusCode).toBe(409);
      expect(fields(dup)).toEqual(['orderNo']);
      expect(await counts()).toEqual(before);

      await api.call('DELETE', `/api/v1/orders/${first.id}`);
      await newOrder({ orderNo: 'SO-DUP-1' });
      const clash = await api.call('POST', `/api/v1/orders/${first.id}/restore`);
      expect(clash.statusCode).toBe(409);
      expect(fields(clash)).toEqual(['orderNo']);
    });

    it('answers 404 for an unknown order or customer', async () => {
      expect((await api.call('GET', '/api/v1/orders/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/orders/987654', { notes: 'x' })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/orders/987654')).statusCode).toBe(404);
      expect((await api.call('POST', '/api/v1/orders/987654/restore')).statusCode).toBe(404);
      expect((await api.call('GET', '/api/v1/customers/987654/orders')).statusCode).toBe(404);
    });
  });

  describe('updates', () => {
    it('replaces the items as a whole and recomputes the total', async () => {
      const order = await newOrder({ items: [item('A', 1, 100), item('B', 2, 100), item('C', 3, 100)] });
      const res = await api.call('PATCH', `/api/v1/orders/${order.id}`, { items: [item('D', 4, 250)] }, { 'if-match': '"v1"' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ total: 1000, version: 2, items: [{ product: 'D', quantity: 4, unitPrice: 250, amount: 1000 }] });
      const stored = await api.deps.db.selectFrom('order_items').select('product').where('order_id', '=', order.id).execute();
      expect(stored.map((r) => r.product)).toEqual(['D']);
    });

    it('keeps items and total when a patch leaves them out', async () => {
      const order = await newOrder({ items: [item('A', 2, 300)] });
      const res = await api.call('PATCH', `/api/v1/orders/${order.id}`, { status: 'shipped', notes: '顺丰 SF123' });
      expect(res.json()).toMatchObject({ status: 'shipped', notes: '顺丰 SF123', total: 600, items: order.items });
      const wrongTotal = await api.call('PATCH', `/api/v1/orders/${order.id}`, { total: 601 });
      expect(wrongTotal.statusCode).toBe(400);
      expect(fields(wrongTotal)).toEqual(['total']);
    });

    it('answers 412 to a stale If-Match and leaves order and items as they were', async () => {
      const order = await newOrder({ items: [item('A', 1, 100)] });
      await api.call('PATCH', `/api/v1/orders/${order.id}`, { notes: 'first' });
      const stale = await api.call('PATCH', `/api/v1/orders/${order.id}`, { items: [item('Z', 9, 9)] }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('DELETE', `/api/v1/orders/${order.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/orders/${order.id}`)).json()).toMatchObject({ version: 2, total: 100, items: [{ product: 'A' }] });
    });

    it('writes nothing when one item of a patch is bad', async () => {
      const order = await newOrder({ items: [item('A', 1, 100)] });
      const res = await api.call('PATCH', `/api/v1/orders/${order.id}`, { notes: 'x', items: [item('B', 1, 100), item('C', 1, 0.5)] });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['items[1].unitPrice']);
      expect((await api.call('GET', `/api/v1/orders/${order.id}`)).json()).toMatchObject({ version: 1, notes: null, items: [{ product: 'A' }] });
    });

    it('soft-deletes and restores an order with its items', async () => {
      const order = await newOrder({ items: [item('Kept', 5, 20)] });
      expect((await api.call('DELETE', `/api/v1/orders/${order.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/orders/${order.id}`)).statusCode).toBe(404);
      const restored = await api.call('POST', `/api/v1/orders/${order.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json()).toMatchObject({ deletedAt: null, total: 100, items: [{ product: 'Kept', amount: 100 }] });
    });
  });

  describe('lists and purchase history', () => {
    let buyer: number;
    const nos = (res: { json(): { items: Order[] } }) => res.json().items.map((o) => o.orderNo);

    beforeAll(async () => {
      buyer = await newCustomer('Repeat Buyer 回头客');
      const specs = [
        { orderNo: 'H-1', orderedAt: '2025-03-01T02:00:00Z', items: [item('A', 1, 1000)] },
        { orderNo: 'H-2', orderedAt: '2025-06-01T02:00:00Z', items: [item('A', 3, 1000)], status: 'paid' },
        { orderNo: 'H-3', orderedAt: '2025-09-01T02:00:00Z', items: [item('B', 1, 500)], currency: 'USD' },
        { orderNo: 'H-4', orderedAt: '2025-10-01T02:00:00Z', items: [item('C', 1, 7000)], status: 'cancelled' },
        { orderNo: 'H-5', orderedAt: '2025-11-01T02:00:00Z', items: [item('D', 1, 9000)], status: 'refunded' },
        { orderNo: 'H-6', orderedAt: '2025-12-01T02:00:00Z', items: [item('E', 1, 2000)] },
      ];
      for (const spec of specs) await newOrder({ customerId: buyer, ...spec });
      const binned = (await api.call('GET', `/api/v1/orders?customerId=${buyer}`)).json().items.find((o: Order) => o.orderNo === 'H-6');
      await api.call('DELETE', `/api/v1/orders/${binned.id}`);
    });

    it("returns a customer's orders with totals per currency, leaving out cancelled, refunded and deleted ones", async () => {
      const res = await api.call('GET', `/api/v1/customers/${buyer}/orders`);
      expect(res.statusCode).toBe(200);
      const page = res.json();
      expect(page.items.map((o: Order) => o.orderNo)).toEqual(['H-5', 'H-4', 'H-3', 'H-2', 'H-1']);
      expect(page.items[0].items).toHaveLength(1);
      expect(page.totals).toEqual([
        { currency: 'CNY', total: 4000, count: 2 },
        { currency: 'USD', total: 500, count: 1 },
      ]);
      const paged = (await api.call('GET', `/api/v1/customers/${buyer}/orders?limit=2`)).json();
      expect(paged.items).toHaveLength(2);
      expect(paged.nextCursor).not.toBeNull();
      expect(paged.totals).toEqual(page.totals);
    });

    it('filters by status and order time, and sorts by total, paging without gaps', async () => {
      const url = `/api/v1/orders?customerId=${buyer}`;
      expect(nos(await api.call('GET', `${url}&status=paid`))).toEqual(['H-2']);
      const from = encodeURIComponent('2025-06-01T10:00:00+08:00');
      expect(nos(await api.call('GET', `${url}&orderedFrom=${from}&orderedTo=2025-10-01T02:00:00Z`))).toEqual(['H-3', 'H-2']);
      expect(nos(await api.call('GET', `${url}&sort=orderedAt`))).toEqual(['H-1', 'H-2', 'H-3', 'H-4', 'H-5']);
      const seen: Array<string | null> = [];
      let cursor: string | null = null;
      do {
        const page: { items: Order[]; nextCursor: string | null } = (await api.call('GET', `${url}&sort=-total&limit=2${cursor ? `&cursor=${cursor}` : ''}`)).json();
        seen.push(...page.items.map((o) => o.orderNo));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['H-5', 'H-4', 'H-2', 'H-1', 'H-3']);
      expect(nos(await api.call('GET', `${url}&includeDeleted=true`))).toEqual(['H-6']);
    });

    it('rejects a bad filter with 400 naming it', async () => {
      const forged = Buffer.from(JSON.stringify(['abc', 1])).toString('base64url');
      for (const [query, field] of [['sort=amount', 'sort'], ['status=lost', 'status'], ['orderedTo=tomorrow', 'orderedTo'], [`sort=total&cursor=${forged}`, 'cursor'], [`cursor=${forged}`, 'cursor']]) {
        const res = await api.call('GET', `/api/v1/orders?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(fields(res)).toContain(field);
      }
    });
  });

  describe('read-only access', () => {
    it('gives a read-only token 403 on every write and changes nothing', async () => {
      const email = `order-reader-${Date.now()}@example.com`;
      // an admin's read-only token: the role could write, the token may not
      await api.userToken('admin', email);
      const { token } = await createToken(api.deps, { email, scope: 'read' }, null);
      const order = await newOrder({ notes: 'read only' });
      const before = await counts();
      expect((await api.call('GET', `/api/v1/customers/${customerId}/orders`, undefined, {}, token)).statusCode).toBe(200);
      const body = { customerId, orderedAt: '2026-01-10T10:00:00Z', items: [item('X', 1, 1)] };
      expect((await api.call('POST', '/api/v1/orders', body, {}, token)).statusCode).toBe(403);
      expect((await api.call('PATCH', `/api/v1/orders/${order.id}`, { notes: 'x' }, {}, token)).statusCode).toBe(403);
      expect((await api.call('DELETE', `/api/v1/orders/${order.id}`, undefined, {}, token)).statusCode).toBe(403);
      expect((await api.call('POST', `/api/v1/orders/${order.id}/restore`, undefined, {}, token)).statusCode).toBe(403);
      expect(await counts()).toEqual(before);
      expect((await api.call('GET', `/api/v1/orders/${order.id}`)).json()).toMatchObject({ notes: 'read only', version: 1 });
    });
  });
});
