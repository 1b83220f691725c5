import { beforeAll, describe, expect, it } from 'vitest';
import { reasonsIn } from '../../src/domain/duplicate-reasons.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

type Pair = { id: number; a: { id: number; name: string }; b: { id: number; name: string }; score: number; reasons: string[]; reasonCodes: Array<{ code: string; params: Record<string, string | number> }>; status: string; clusterId: number };

forEachDialect('duplicates', (db) => {
  let api: TestApi;
  let repA: string;
  let repB: string;
  const ids: Record<string, number> = {};

  const create = async (token: string, key: string, body: Record<string, unknown>) => {
    const res = await api.call('POST', '/api/v1/customers', body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  };
  const pairs = async (token = api.token, query = '') => {
    const res = await api.call('GET', `/api/v1/duplicates?limit=200${query}`, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items as Pair[];
  };
  const names = (list: Pair[]) => list.map((p) => [p.a.name, p.b.name].sort().join(' / ')).sort();
  const scan = (token = api.token, query = '') => api.call('POST', `/api/v1/duplicates/scan${query}`, undefined, {}, token);

  beforeAll(async () => {
    api = await createTestApi(db());
    repA = (await api.userToken('sales')).token;
    repB = (await api.userToken('sales')).token;
    await create(repA, 'zw1', { kind: 'person', name: '张伟', phones: [{ value: '+86 138 1234 5678' }], city: '北京' });
    await create(repA, 'zw2', { kind: 'person', name: 'Zhang Wei', phones: [{ value: '13812345678' }] });
    await create(repA, 'other', { kind: 'person', name: '王芳', phones: [{ value: '13900001111' }] });
    await create(repA, 'namesake', { kind: 'person', name: '张伟', phones: [{ value: '13700002222' }], city: '上海' });
    await create(repB, 'co1', { kind: 'company', name: '北京星辰科技有限公司', phones: [{ value: '010 6512 3456' }] });
    await create(repB, 'co2', { kind: 'company', name: 'Xingchen Tech Co., Ltd.', phones: [{ value: '+86 10 6512 3456' }] });
    await create(repA, 'll1', { kind: 'person', name: '李雷', emails: [{ value: 'lilei@example.com' }] });
    await create(repB, 'll2', { kind: 'person', name: 'Lei Li', emails: [{ value: 'LiLei@Example.com' }] });
  });

  it('a scan finds 张伟 / Zhang Wei by phone and pinyin, the company in two scripts, and not the namesake', async () => {
    const res = await scan();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ entity: 'customers', pairs: 3, clusters: 3, records: 8 });
    const list = await pairs();
    expect(names(list)).toEqual(['Lei Li / 李雷', 'Xingchen Tech Co., Ltd. / 北京星辰科技有限公司', 'Zhang Wei / 张伟']);
    const zw = list.find((p) => p.a.id === ids.zw1 && p.b.id === ids.zw2)!;
    expect(zw.score).toBeGreaterThanOrEqual(0.9);
    expect(zw.reasons).toEqual(expect.arrayContaining(['same phone +8613812345678', 'name 张伟 ≈ Zhang Wei (pinyin)']));
    expect(zw.status).toBe('open');
    expect(zw.clusterId).toBe(ids.zw1);
  });

  it('gives each reason as a code with its parameters, said in Chinese from the same codes; a pair of an older scan keeps its English text', async () => {
    const zw = (await pairs()).find((p) => p.a.id === ids.zw1 && p.b.id === ids.zw2)!;
    expect(zw.reasonCodes).toHaveLength(zw.reasons.length);
    expect(zw.reasonCodes).toEqual(expect.arrayContaining([
      { code: 'duplicate.same_phone', params: { phones: '+8613812345678' } },
      { code: 'duplicate.name_pinyin', params: { a: '张伟', b: 'Zhang Wei' } },
    ]));
    expect(reasonsIn(zw, 'zh')).toEqual(expect.arrayContaining(['电话相同 +8613812345678', '名称 张伟 ≈ Zhang Wei（拼音相同）']));
    // what a scan before the codes stored: English text only
    const row = await api.deps.db.selectFrom('duplicate_pairs').select(['id', 'reasons']).where('id', '=', zw.id).executeTakeFirstOrThrow();
    await api.deps.db.updateTable('duplicate_pairs').set({ reasons: JSON.stringify(['same phone +8613812345678']) }).where('id', '=', zw.id).execute();
    const old = (await pairs()).find((p) => p.id === zw.id)!;
    expect(old).toMatchObject({ reasons: ['same phone +8613812345678'], reasonCodes: [] });
    expect(reasonsIn(old, 'zh')).toEqual(['same phone +8613812345678']);
    await api.deps.db.updateTable('duplicate_pairs').set({ reasons: typeof row.reasons === 'string' ? row.reasons : JSON.stringify(row.reasons) }).where('id', '=', zw.id).execute();
  });

  it('a rep sees only pairs of two customers they may see', async () => {
    expect(names(await pairs(repA))).toEqual(['Zhang Wei / 张伟']);
    expect(names(await pairs(repB))).toEqual(['Xingchen Tech Co., Ltd. / 北京星辰科技有限公司']);
  });

  it('a scan keeps only pairs scoring at least minScore', async () => {
    expect((await scan(api.token, '?minScore=0.99')).json().pairs).toBe(0);
    expect((await scan()).json().pairs).toBe(3);
  });

  it('only admins and managers may scan', async () => {
    const res = await scan(repA);
    expect(res.statusCode).toBe(403);
  });

  it('"not a duplicate" survives a rescan, and the pair is not offered again', async () => {
    const pair = (await pairs()).find((p) => p.a.id === ids.ll1)!;
    await api.deps.db.updateTable('duplicate_pairs').set({ status: 'dismissed' }).where('id', '=', pair.id).execute();
    expect((await scan()).json().pairs).toBe(2);
    expect(names(await pairs())).toEqual(['Xingchen Tech Co., Ltd. / 北京星辰科技有限公司', 'Zhang Wei / 张伟']);
    expect(names(await pairs(api.token, '&status=dismissed'))).toEqual(['Lei Li / 李雷']);
    const own = await api.call('GET', `/api/v1/customers/${ids.ll1}/duplicates`);
    expect(own.json().items).toEqual([]);
  });

  it('filters by score and pages with a cursor', async () => {
    expect(await pairs(api.token, '&minScore=1')).toEqual([]);
    const first = await api.call('GET', '/api/v1/duplicates?limit=1');
    const next = await api.call('GET', `/api/v1/duplicates?limit=1&cursor=${first.json().nextCursor}`);
    expect(first.json().items).toHaveLength(1);
    expect(next.json().items).toHaveLength(1);
    expect(next.json().items[0].id).not.toBe(first.json().items[0].id);
    expect(next.json().items[0].score).toBeLessThanOrEqual(first.json().items[0].score);
  });

  it("a customer's page lists its likely duplicates, computed now, only visible ones", async () => {
    const res = await api.call('GET', `/api/v1/customers/${ids.zw1}/duplicates`, undefined, {}, repA);
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items as Array<{ customer: { id: number }; score: number; reasons: string[] }>;
    expect(items.map((i) => i.customer.id)).toEqual([ids.zw2]);
    expect(items[0]!.reasons).toContain('same phone +8613812345678');
    expect((await api.call('GET', `/api/v1/customers/${ids.co1}/duplicates`, undefined, {}, repA)).statusCode).toBe(404);
    const cross = await api.call('GET', `/api/v1/customers/${ids.ll2}/duplicates`, undefined, {}, repB);
    expect(cross.json().items).toEqual([]);
  });

  it('scans contacts too', async () => {
    const add = (name: string, phone: string) => api.call('POST', '/api/v1/contacts', { name, customerId: ids.co1, phones: [{ value: phone }] });
    expect((await add('刘洋', '13600003333')).statusCode).toBe(201);
    expect((await add('Liu Yang', '136 0000 3333')).statusCode).toBe(201);
    const res = await scan(api.token, '?entity=contacts');
    expect(res.json()).toMatchObject({ entity: 'contacts', pairs: 1 });
    const list = await pairs(api.token, '&entity=contacts');
    expect(names(list)).toEqual(['Liu Yang / 刘洋']);
    expect(list[0]!.reasons).toContain('same customer');
    expect(await pairs(repA, '&entity=contacts')).toEqual([]);
  });

  describe('bad input is a 400 naming the field', () => {
    for (const [url, field] of [
      ['/api/v1/duplicates?minScore=2', 'minScore'],
      ['/api/v1/duplicates?entity=deals', 'entity'],
      ['/api/v1/duplicates?cursor=nonsense', 'cursor'],
    ] as const) {
      it(url, async () => {
        const res = await api.call('GET', url);
        expect(res.statusCode, res.body).toBe(400);
        expect(JSON.stringify(res.json().errors)).toContain(field);
      });
    }
    it('scan with a bad entity', async () => {
      const res = await scan(api.token, '?entity=deals');
      expect(res.statusCode).toBe(400);
      expect(JSON.stringify(res.json().errors)).toContain('entity');
    });
  });
});
