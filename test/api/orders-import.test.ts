import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { form } from '../support/uploads.ts';

process.env.KEHU_IMPORT_DIR ??= mkdtempSync(join(tmpdir(), 'kehu-uploads-'));

// A plain order history (customer, date, amount; no products) names its customers by external
// id, e-mail (theirs or a contact person's), phone or name; rows that name nobody are reported.

forEachDialect('orders import', (db) => {
  let api: TestApi;
  const ids: Record<string, number> = {};

  const customer = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name, ...extra });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
  };

  async function imported(text: string, fields: Record<string, string> = {}) {
    const body = form({ name: 'orders.csv', bytes: Buffer.from(text, 'utf8') }, { type: 'orders', ...fields });
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { authorization: `Bearer ${api.token}`, ...body.headers } });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as number;
    for (let i = 0; i < 500; i++) {
      const job = (await api.call('GET', `/api/v1/imports/${id}`)).json();
      if (job.status !== 'queued' && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`import ${id} did not finish`);
  }

  const ordersOf = async (name: string) => (await api.call('GET', `/api/v1/customers/${ids[name]}/orders`)).json().items as Array<{ total: number; currency: string; orderedAt: string; items: Array<{ product: string }> }>;

  beforeAll(async () => {
    api = await createTestApi(db());
    await customer('By Id Trading');
    await api.deps.db.updateTable('customers').set({ external_id: 'C-1' }).where('id', '=', ids['By Id Trading'] as number).execute();
    await customer('By Mail Ltd', { emails: [{ value: 'buyer@bymail.cn' }] });
    await customer('By Phone 商行', { phones: [{ value: '138 0000 1111' }] });
    await customer('王小明茶叶店');
    await customer('By Contact Co');
    const contact = await api.call('POST', '/api/v1/contacts', { name: 'Li Contact', customerId: ids['By Contact Co'], emails: [{ value: 'li@bycontact.cn' }] });
    expect(contact.statusCode, contact.body).toBe(201);
  });

  it('links each order by external id, e-mail, phone or name, makes an order of its amount, and reports who it could not find', async () => {
    const text = [
      'Customer ID,Email,Phone,Customer,Date,Amount,Currency',
      'C-1,,,,2026-01-05,100.00,CNY',
      ',BUYER@BYMAIL.CN,,,2026-01-06,50,CNY',
      ',,+86 138-0000-1111,,2026-01-07,20.50,USD',
      ',,,王小明茶叶店,2026-01-08,30,CNY',
      ',li@bycontact.cn,,,2026-01-09,12,CNY',
      ',nobody@nowhere.cn,,,2026-01-10,10,CNY',
      ',,,Nobody At All,2026-01-11,10,CNY',
    ].join('\n');
    const job = await imported(text);
    expect(job).toMatchObject({ status: 'done', counts: { created: 5, updated: 0, skipped: 0, invalid: 2 } });
    expect(await ordersOf('By Id Trading')).toMatchObject([{ total: 100_00, currency: 'CNY', items: [{ product: '订单 Order' }] }]);
    expect((await ordersOf('By Mail Ltd'))[0]).toMatchObject({ total: 50_00 });
    expect((await ordersOf('By Phone 商行'))[0]).toMatchObject({ total: 20_50, currency: 'USD' });
    expect((await ordersOf('王小明茶叶店'))[0]).toMatchObject({ total: 30_00 });
    expect((await ordersOf('By Contact Co'))[0]).toMatchObject({ total: 12_00 });
    const errors = await api.call('GET', `/api/v1/imports/${job.id}/errors.csv`);
    expect(errors.body).toContain('no customer with e-mail nobody@nowhere.cn that you can see');
    expect(errors.body).toContain('Nobody At All');
    // the orders count at once in the analyses
    const rfm = (await api.call('GET', '/api/v1/analytics/rfm?asOf=2026-01-31&currency=CNY')).json();
    expect(rfm.customers).toBe(4);
    // a revert takes them out of the customers' order figures in its own transaction
    const reverted = await api.call('POST', `/api/v1/imports/${job.id}/revert`, {});
    expect(reverted.statusCode, reverted.body).toBe(200);
    expect(await api.deps.db.selectFrom('order_stats_stale').select('customer_id').execute()).toEqual([]);
    expect(await api.deps.db.selectFrom('customer_order_stats').select('customer_id').where('customer_id', 'in', [ids['By Id Trading'], ids['By Mail Ltd']] as number[]).execute()).toEqual([]);
    expect((await api.call('GET', '/api/v1/analytics/rfm?asOf=2026-01-31&currency=CNY')).json().customers).toBe(0);
  });

  it('a file naming no customer column is refused before anything is read', async () => {
    const body = form({ name: 'orders.csv', bytes: Buffer.from('Date,Amount\n2026-01-05,10\n', 'utf8') }, { type: 'orders' });
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { authorization: `Bearer ${api.token}`, ...body.headers } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('customerEmail or customerPhone');
  });
  it('the dry run says what the import does: an unknown currency is refused, an order number met again later in the file is a duplicate', async () => {
    const text = ['订单编号,客户外部编号,日期,金额,币种', 'DR-1,C-1,2026/3/5,"¥1,234.50",CNY', 'DR-2,C-1,2026年3月6日,10,XYZ', 'DR-1,C-1,2026/3/5,"¥1,234.50",CNY'].join('\n');
    const body = form({ name: 'orders.csv', bytes: Buffer.from(text, 'utf8') }, { type: 'orders', dryRun: 'true' });
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/imports', payload: body.payload, headers: { authorization: `Bearer ${api.token}`, ...body.headers } });
    expect(res.statusCode, res.body).toBe(200);
    const expected = { created: 1, updated: 0, skipped: 1, invalid: 1 };
    expect(res.json().counts).toEqual(expected);
    expect(res.json().errors).toMatchObject([{ row: 3, column: '币种', code: 'field.currency_unknown' }]);
    const job = await imported(text);
    expect(job).toMatchObject({ status: 'done', counts: expected });
    const errors = await api.call('GET', `/api/v1/imports/${job.id}/errors.csv`);
    expect(errors.body).toContain('XYZ is not an ISO 4217 currency');
    expect(errors.body).not.toContain('DR-1');
    expect((await ordersOf('By Id Trading')).filter((o) => o.total === 1234_50)).toHaveLength(1);
  });

  it('an order time without a zone is the workspace’s: a month-end evening in Beijing stays in that month', async () => {
    await customer('月末商行');
    const job = await imported(['客户,日期,金额', '月末商行,2026-03-31 20:00,88', '月末商行,2026/4/30 23:59:59,12'].join('\n'));
    expect(job).toMatchObject({ status: 'done', counts: { created: 2 } });
    // the analytics offset is UTC+8 unless changed: 20:00 there is 12:00 UTC
    expect((await ordersOf('月末商行')).map((o) => o.orderedAt).sort()).toEqual(['2026-03-31T12:00:00.000Z', '2026-04-30T15:59:59.000Z']);
    const months = await api.deps.db.selectFrom('customer_order_stats').select('months').where('customer_id', '=', ids['月末商行'] as number).executeTakeFirstOrThrow();
    expect(months.months).toBe('2026-03,2026-04');
  });
});
