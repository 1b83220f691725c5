import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

type Check = { key: string; count: number; sample: Array<{ id: number; name: string; link: string }> };
const DAY = 86_400_000;

forEachDialect('data quality API', (db) => {
  let api: TestApi;
  let rep: { token: string; userId: number };
  const ids = {} as Record<'complete' | 'bare' | 'pool' | 'garbled' | 'stale' | 'repOwn', number>;

  const created = async (body: unknown, token?: string): Promise<number> => {
    const res = await api.call('POST', '/api/v1/customers', body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const report = async (query = '', token?: string) => {
    const res = await api.call('GET', `/api/v1/data-quality${query}`, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const checks = Object.fromEntries((body.checks as Check[]).map((c) => [c.key, c])) as Record<string, Check>;
    const idsOf = (key: string) => (checks[key]?.sample ?? []).map((s) => s.id).sort((a, b) => a - b);
    return { body, checks, idsOf };
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    rep = await api.userToken('sales');
    const full = { city: '上海', industry: '制造', phones: [{ value: '13800000001' }] };
    ids.stale = await created({ kind: 'company', name: '老客户', ...full, phones: [{ value: '13800000005' }] });
    ids.complete = await created({ kind: 'company', name: '完整客户', ...full });
    api.clock.advance(200 * DAY);
    ids.bare = await created({ kind: 'company', name: '空白客户' });
    ids.pool = await created({ kind: 'company', name: '公海客户', ...full, phones: [{ value: '13800000003' }], ownerId: null });
    ids.garbled = await created({ kind: 'company', name: '乱码客户', city: '北京', industry: '零售' });
    ids.repOwn = await created({ kind: 'company', name: '销售自己的', industry: '零售', emails: [{ value: 'rep@example.com' }] }, rep.token);
    // Values that slipped past validation, as an old import or a hand edit would leave them.
    const now = api.clock.now().toISOString();
    await api.deps.db
      .insertInto('contact_points')
      .values([
        { customer_id: ids.garbled, contact_id: null, kind: 'phone', value: '138-1234-5678', raw: '138-1234-5678', label: null, is_primary: true, position: 0, created_at: now },
        { customer_id: ids.garbled, contact_id: null, kind: 'email', value: 'Wang@Example', raw: 'Wang@Example', label: null, is_primary: true, position: 0, created_at: now },
      ])
      .execute();
    const talk = await api.call('POST', '/api/v1/interactions', { customerId: ids.complete, type: 'call' });
    expect(talk.statusCode, talk.body).toBe(201);
    await api.deps.db
      .insertInto('duplicate_pairs')
      .values({ entity: 'customers', a_id: ids.stale, b_id: ids.complete, score: 900, reasons: '[]', cluster_id: ids.stale, status: 'open', found_at: now })
      .execute();
  });

  it('counts each problem with examples linking to the records', async () => {
    const { body, checks, idsOf } = await report('?staleDays=180');
    expect(body.customers).toBe(6);
    expect(body.staleDays).toBe(180);
    expect(idsOf('no_phone_or_email')).toEqual([ids.bare]);
    expect(idsOf('no_owner')).toEqual([ids.pool]);
    expect(idsOf('no_city')).toEqual([ids.bare, ids.repOwn].sort((a, b) => a - b));
    expect(idsOf('no_industry')).toEqual([ids.bare]);
    expect(idsOf('invalid_phone')).toEqual([ids.garbled]);
    expect(idsOf('invalid_email')).toEqual([ids.garbled]);
    // created before the period and no interaction in it; the complete one was called just now
    expect(idsOf('stale')).toEqual([ids.stale]);
    expect(checks.open_duplicates?.count).toBe(1);
    expect(checks.open_duplicates?.sample[0]?.name).toBe('老客户 ⇄ 完整客户');
    expect(checks.no_owner?.sample[0]?.link).toBe(`/api/v1/customers/${ids.pool}`);
  });

  it('takes the stale period from the query', async () => {
    const { idsOf } = await report('?staleDays=365');
    expect(idsOf('stale')).toEqual([]);
  });

  it('limits the examples but not the counts', async () => {
    const { checks } = await report('?sample=1');
    expect(checks.no_city?.count).toBe(2);
    expect(checks.no_city?.sample).toHaveLength(1);
  });

  it('shows a rep only the customers they may see', async () => {
    const { body, idsOf, checks } = await report('', rep.token);
    expect(body.customers).toBe(2); // their own and the pool one
    expect(idsOf('no_city')).toEqual([ids.repOwn]);
    expect(idsOf('no_owner')).toEqual([ids.pool]);
    expect(checks.invalid_phone?.count).toBe(0);
    expect(checks.open_duplicates?.count).toBe(0);
  });

  it('leaves deleted customers out', async () => {
    expect((await api.call('DELETE', `/api/v1/customers/${ids.bare}`)).statusCode).toBe(204);
    const { body, idsOf } = await report();
    expect(body.customers).toBe(5);
    expect(idsOf('no_phone_or_email')).toEqual([]);
    expect((await api.call('POST', `/api/v1/customers/${ids.bare}/restore`)).statusCode).toBe(200);
  });

  it('names the bad parameter', async () => {
    const res = await api.call('GET', '/api/v1/data-quality?staleDays=0');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('staleDays');
  });
});
