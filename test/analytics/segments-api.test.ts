import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';
import { formatMessage } from '../../src/domain/messages.ts';

type Who = 'admin' | 'a' | 'b' | 'viewer';
const at = (date: string) => `${date}T04:00:00Z`;

forEachDialect('segments API', (db) => {
  let api: TestApi;
  const tokens = {} as Record<Who, string>;
  const users = {} as Record<Who, number>;
  const ids: Record<string, number> = {};

  const call = (who: Who, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}) => api.call(method, url, body, headers, tokens[who]);
  const ok = async (who: Who, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown, status = 200) => {
    const res = await call(who, method, url, body);
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };
  const customer = async (name: string, owner: Who | null, extra: Record<string, unknown> = {}) => {
    ids[name] = (await ok('admin', 'POST', '/api/v1/customers', { kind: 'company', name, ownerId: owner === null ? null : users[owner], ...extra }, 201)).id;
  };
  const order = (name: string, date: string, amount: number, currency = 'CNY') =>
    ok('admin', 'POST', '/api/v1/orders', { customerId: ids[name], orderedAt: at(date), currency, items: [{ product: 'Tea', quantity: 1, unitPrice: amount }] }, 201);
  const preview = async (who: Who, filter: unknown) => {
    const res = await call(who, 'POST', '/api/v1/segments/preview', { filter, limit: 50 });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().sample as Array<{ name: string }>).map((s) => s.name).sort();
  };
  const cond = (field: string, operator: string, value?: unknown, extra: Record<string, unknown> = {}) => ({ op: 'and', conditions: [{ field, operator, ...(value === undefined ? {} : { value }), ...extra }] });

  beforeAll(async () => {
    api = await createTestApi(db());
    tokens.admin = api.token;
    users.admin = Number((await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id);
    for (const [who, role] of [['a', 'sales'], ['b', 'sales'], ['viewer', 'viewer']] as const) {
      const user = await api.userToken(role);
      tokens[who] = user.token;
      users[who] = user.userId;
    }
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'employees', label: 'Employees', type: 'number' }, 201);
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'tier', label: 'Tier', type: 'select', options: ['gold', 'silver'] }, 201);
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'channels', label: 'Channels', type: 'multiselect', options: ['wechat', 'email', 'phone'] }, 201);
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'vip', label: 'VIP', type: 'boolean' }, 201);
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'signed', label: 'Signed', type: 'date' }, 201);
    await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'secret', label: 'Secret', type: 'text', sensitive: true }, 201);
    await customer('上海星辰', 'a', { city: '上海市', tags: ['vip'], custom: { employees: 120, tier: 'gold', channels: ['wechat', 'email'], vip: true, signed: '2025-06-01' } });
    await customer('Shanghai Ocean', 'b', { city: 'Shanghai', province: null, custom: { employees: 8, tier: 'silver', channels: ['phone'], vip: false } });
    await customer('北京远方', 'a', { city: '北京', tags: ['vip', 'wholesale'], stage: 'prospect' });
    await customer('Pool Shop', null, { city: '广州', tags: ['wholesale'] });
    for (const d of ['2026-01-02', '2026-01-05', '2026-01-08', '2026-01-11', '2026-01-14']) await order('上海星辰', d, 900_00);
    await order('Shanghai Ocean', '2025-03-01', 50_00);
    await order('北京远方', '2026-01-10', 300_00);
    await order('北京远方', '2026-01-12', 20_00, 'USD');
    await ok('admin', 'POST', '/api/v1/interactions', { customerId: ids['上海星辰'], type: 'call', occurredAt: '2026-01-14T02:00:00Z' }, 201);
  });

  it('saves "champions in Shanghai", lists and counts its members, and exports them', async () => {
    const filter = { op: 'and', conditions: [{ field: 'rfmGroup', operator: 'eq', value: 'champions' }, { field: 'region', operator: 'eq', value: '上海' }] };
    const saved = await ok('a', 'POST', '/api/v1/segments', { name: ' Champions in  Shanghai ', description: '重要价值客户', filter }, 201);
    expect(saved).toMatchObject({ name: 'Champions in Shanghai', filter, version: 1, createdBy: users.a });
    const members = await ok('a', 'GET', `/api/v1/segments/${saved.id}/members?count=true`);
    expect(members.items.map((c: { name: string }) => c.name)).toEqual(['上海星辰']);
    expect(members.count).toBe(1);
    const csv = await call('a', 'GET', `/api/v1/exports/customers?format=csv&segmentId=${saved.id}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('上海星辰');
    expect(csv.body).not.toContain('北京远方');
    const xlsx = await call('a', 'GET', `/api/v1/exports/customers?format=xlsx&segmentId=${saved.id}`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await ok('admin', 'GET', `/api/v1/customers?segmentId=${saved.id}`)).items.map((c: { name: string }) => c.name)).toEqual(['上海星辰']);
    const rfm = await ok('a', 'GET', `/api/v1/analytics/rfm?segmentId=${saved.id}`);
    expect(rfm.items.map((i: { name: string }) => i.name)).toEqual(['上海星辰']);
  });

  it('members are computed for each viewer from the customers they may see', async () => {
    const { id } = await ok('admin', 'POST', '/api/v1/segments', { name: 'Everyone in a city', filter: cond('city', 'isNotEmpty') }, 201);
    const names = async (who: Who) => (await ok(who, 'GET', `/api/v1/segments/${id}/members?count=true`)).items.map((c: { name: string }) => c.name).sort();
    expect(await names('admin')).toEqual(['Pool Shop', 'Shanghai Ocean', '上海星辰', '北京远方'].sort());
    expect(await names('a')).toEqual(['Pool Shop', '上海星辰', '北京远方'].sort());
    expect(await names('b')).toEqual(['Pool Shop', 'Shanghai Ocean'].sort());
    expect(await names('viewer')).toEqual([]);
    expect((await call('a', 'GET', '/api/v1/segments/999999/members')).statusCode).toBe(404);
    expect((await call('a', 'GET', '/api/v1/customers?segmentId=999999')).json().errors[0].field).toBe('segmentId');
  });

  it('every kind of condition filters as it says, AND and OR nest', async () => {
    const all = ['Pool Shop', 'Shanghai Ocean', '上海星辰', '北京远方'];
    expect(await preview('admin', cond('region', 'eq', 'shanghai'))).toEqual(['Shanghai Ocean']);
    expect(await preview('admin', cond('region', 'neq', '上海'))).toEqual(['Pool Shop', 'Shanghai Ocean', '北京远方'].sort());
    expect(await preview('admin', cond('name', 'contains', 'ocean'))).toEqual(['Shanghai Ocean']);
    expect(await preview('admin', cond('name', 'startsWith', '上海'))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('stage', 'in', ['prospect']))).toEqual(['北京远方']);
    expect(await preview('admin', cond('owner', 'isEmpty'))).toEqual(['Pool Shop']);
    expect(await preview('a', cond('owner', 'eq', 'me'))).toEqual(['上海星辰', '北京远方'].sort());
    expect(await preview('admin', cond('tags', 'hasAll', ['vip', 'wholesale']))).toEqual(['北京远方']);
    expect(await preview('admin', cond('tags', 'hasNone', ['vip']))).toEqual(['Pool Shop', 'Shanghai Ocean']);
    expect(await preview('admin', cond('createdAt', 'withinLastDays', 1))).toEqual([...all].sort());
    expect(await preview('admin', cond('lastInteractionAt', 'isEmpty'))).toEqual(['Pool Shop', 'Shanghai Ocean', '北京远方'].sort());
    expect(await preview('admin', cond('lastInteractionAt', 'after', '2026-01-13'))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('orderCount', 'gte', 2))).toEqual(['上海星辰', '北京远方'].sort());
    expect(await preview('admin', cond('orderCount', 'gte', 2, { currency: 'CNY' }))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('orderCount', 'gte', 1, { period: { from: '2025-01-01', to: '2025-12-31' } }))).toEqual(['Shanghai Ocean']);
    expect(await preview('admin', cond('orderCount', 'eq', 0, { period: { lastDays: 30 } }))).toEqual(['Pool Shop', 'Shanghai Ocean'].sort());
    expect(await preview('admin', cond('orderTotal', 'gt', 1_000_00, { currency: 'CNY' }))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('lastOrderAt', 'before', '2026-01-01'))).toEqual(['Shanghai Ocean']);
    expect(await preview('admin', cond('custom.employees', 'gt', 100))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('custom.tier', 'in', ['silver']))).toEqual(['Shanghai Ocean']);
    expect(await preview('admin', cond('custom.channels', 'hasAny', ['email', 'phone']))).toEqual(['Shanghai Ocean', '上海星辰'].sort());
    expect(await preview('admin', cond('custom.vip', 'eq', true))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('custom.vip', 'eq', false))).toEqual(['Pool Shop', 'Shanghai Ocean', '北京远方'].sort());
    expect(await preview('admin', cond('custom.signed', 'before', '2025-12-31'))).toEqual(['上海星辰']);
    expect(await preview('admin', cond('abcClass', 'eq', 'C', { currency: 'CNY' }))).toEqual(['Pool Shop', 'Shanghai Ocean'].sort());
    const either = { op: 'or', conditions: [cond('city', 'eq', '北京'), { op: 'and', conditions: [{ field: 'tags', operator: 'hasAny', value: ['wholesale'] }, { field: 'owner', operator: 'isEmpty' }] }] };
    expect(await preview('admin', either)).toEqual(['Pool Shop', '北京远方'].sort());
  });

  it('bad filter trees are a 400 naming each bad place, and change nothing', async () => {
    const problems = async (filter: unknown) => {
      const res = await call('admin', 'POST', '/api/v1/segments', { name: 'Bad', filter });
      expect(res.statusCode, res.body).toBe(400);
      return res.json().errors as Array<{ field: string; message: string; code?: string; params?: Record<string, string | number> }>;
    };
    expect(await problems('stage = lead')).toEqual([expect.objectContaining({ field: 'filter' })]);
    expect((await problems({ op: 'xor', conditions: [] })).map((e) => e.field)).toEqual(['filter.op', 'filter.conditions']);
    const errors = await problems({
      op: 'and',
      conditions: [
        { field: 'shoeSize', operator: 'eq', value: 1 },
        { field: 'stage', operator: 'contains', value: 'lead' },
        { field: 'stage', operator: 'eq', value: 'sleeping' },
        { field: 'orderTotal', operator: 'gt', value: 100 },
        { field: 'orderCount', operator: 'gt', value: -1, period: { lastDays: 0 } },
        { field: 'tags', operator: 'hasAny', value: ['no such tag'] },
        { field: 'custom.secret', operator: 'eq', value: 'x' },
        { field: 'createdAt', operator: 'before', value: '2026-02-30' },
        { field: 'name', operator: 'isEmpty', value: 'x', extra: true },
      ],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'filter.conditions[0].field',
      'filter.conditions[1].operator',
      'filter.conditions[2].value',
      'filter.conditions[3].currency',
      'filter.conditions[4].value',
      'filter.conditions[4].period.lastDays',
      'filter.conditions[6].field',
      'filter.conditions[7].value',
      'filter.conditions[8].extra',
      'filter.conditions[8].value',
    ]);
    // each problem has its code: the English is the message, and it reads in Chinese
    for (const e of errors) {
      expect(formatMessage('en', e.code ?? '', e.params), e.field).toBe(e.message);
      expect(formatMessage('zh', e.code ?? '', e.params), e.field).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(formatMessage('zh', errors[0]!.code!, errors[0]!.params)).toBe('shoeSize 不是细分可以筛选的字段');
    expect((await problems(cond('tags', 'hasAny', ['no such tag'])))[0]).toEqual({ field: 'filter', message: 'there is no tag "no such tag"', code: 'segment.no_tag', params: { name: 'no such tag' } });
    let deep: unknown = cond('stage', 'eq', 'lead');
    for (let i = 0; i < 5; i++) deep = { op: 'and', conditions: [deep] };
    expect((await problems(deep))[0]?.message).toBe('groups nest at most 5 deep');
    const many = { op: 'or', conditions: Array.from({ length: 101 }, () => ({ field: 'stage', operator: 'eq', value: 'lead' })) };
    expect((await problems(many)).map((e) => e.field)).toEqual(['filter.conditions[100]']);
    expect((await ok('admin', 'GET', '/api/v1/segments')).items.map((s: { name: string }) => s.name)).not.toContain('Bad');
  });

  it('its author or an admin may change or delete a segment; viewers and read-only tokens may not save one', async () => {
    const filter = cond('stage', 'eq', 'lead');
    expect((await call('viewer', 'POST', '/api/v1/segments', { name: 'Viewer’s', filter })).statusCode).toBe(403);
    // the builder's live count only reads: a viewer and a read-only token get it (it was 403, so the count said "finish the conditions")
    const readOnly = (await ok('a', 'POST', '/api/v1/tokens', { readOnly: true }, 201)).token;
    for (const token of [tokens.viewer, readOnly]) {
      const res = await api.call('POST', '/api/v1/segments/preview', { filter, limit: 5 }, {}, token);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().count).toBe(token === readOnly ? 2 : 0);
    }
    const seg = await ok('a', 'POST', '/api/v1/segments', { name: 'Leads of a', filter }, 201);
    expect((await call('b', 'GET', `/api/v1/segments/${seg.id}`)).statusCode).toBe(200);
    expect((await call('b', 'PATCH', `/api/v1/segments/${seg.id}`, { name: 'Mine now' })).statusCode).toBe(403);
    expect((await call('b', 'DELETE', `/api/v1/segments/${seg.id}`)).statusCode).toBe(403);
    expect((await call('a', 'POST', '/api/v1/segments', { name: 'leads of a', filter })).statusCode).toBe(201);
    expect((await call('a', 'POST', '/api/v1/segments', { name: 'Leads of a', filter })).statusCode).toBe(409);
    expect((await call('a', 'PATCH', `/api/v1/segments/${seg.id}`, { name: 'Stale' }, { 'if-match': '"v7"' })).statusCode).toBe(412);
    const renamed = await ok('a', 'PATCH', `/api/v1/segments/${seg.id}`, { filter: cond('stage', 'eq', 'prospect') });
    expect(renamed.version).toBe(2);
    expect((await call('a', 'PATCH', `/api/v1/segments/${seg.id}`, { filter: cond('stage', 'eq', 'nope') })).statusCode).toBe(400);
    expect((await ok('admin', 'PATCH', `/api/v1/segments/${seg.id}`, { description: 'tidied by the admin' })).version).toBe(3);
    expect((await call('a', 'DELETE', `/api/v1/segments/${seg.id}`)).statusCode).toBe(204);
    expect((await call('a', 'GET', `/api/v1/segments/${seg.id}`)).statusCode).toBe(404);
    const audit = await ok('admin', 'GET', `/api/v1/audit?entity=segment&entityId=${seg.id}`);
    expect(audit.items.map((e: { action: string }) => e.action).sort()).toEqual(['create', 'delete', 'update', 'update']);
  });

  it('a segment whose filter names a custom field deleted since says so instead of failing', async () => {
    const field = await ok('admin', 'POST', '/api/v1/custom-fields', { entity: 'customer', key: 'temporary', label: 'Temporary', type: 'text' }, 201);
    const seg = await ok('admin', 'POST', '/api/v1/segments', { name: 'Temporary', filter: cond('custom.temporary', 'eq', 'x') }, 201);
    expect((await call('admin', 'DELETE', `/api/v1/custom-fields/${field.id}`)).statusCode).toBe(204);
    const res = await call('admin', 'GET', `/api/v1/segments/${seg.id}/members`);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].message).toMatch(/^segment \d+ no longer works: filter.conditions\[0\].field: custom.temporary is not a field/);
  });

  describe('as a list', () => {
    it('segments list by name and page', async () => {
      const page = await ok('b', 'GET', '/api/v1/segments?limit=2');
      expect(page.items).toHaveLength(2);
      expect(page.nextCursor).not.toBeNull();
    });
  });
});
