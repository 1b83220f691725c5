import { formatMessage } from '../../src/domain/messages.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import { startPoolTimer } from '../../src/core/pool/pool-timer.ts';
import { returnStaleCustomers } from '../../src/core/pool/return-stale-customers.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const DAY = 86_400_000;

interface Rep {
  token: string;
  userId: number;
}

forEachDialect('public pool rules', (db) => {
  let api: TestApi;
  let viewer: Rep;
  let adminId: number;

  const settings = (body: unknown, token?: string) => api.call('PATCH', '/api/v1/settings/pool', body, {}, token);
  const newCustomer = async (name: string, token?: string, extra: Record<string, unknown> = {}): Promise<number> => {
    const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name, ...extra }, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id;
  };
  const poolCustomer = (name: string) => newCustomer(name, undefined, { ownerId: null });
  const ownerOf = async (id: number): Promise<number | null> => (await api.call('GET', `/api/v1/customers/${id}`)).json().ownerId;
  const auditOf = async (id: number) => (await api.call('GET', `/api/v1/audit?entity=customer&entityId=${id}`)).json().items;

  beforeAll(async () => {
    api = await createTestApi(db());
    viewer = await api.userToken('viewer');
    adminId = (await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
  });

  describe('GET and PATCH /api/v1/settings/pool', () => {
    it('has no limit and never returns until an admin says otherwise, for anyone signed in to read', async () => {
      const res = await api.call('GET', '/api/v1/settings/pool', undefined, {}, viewer.token);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ maxCustomersPerRep: null, returnAfterDays: null, tellRepsWhenTaken: false, updatedAt: null, updatedBy: null });
      expect((await api.app.inject({ method: 'GET', url: '/api/v1/settings/pool' })).statusCode).toBe(401);
    });

    it('lets only an admin change them, and records the change with before/after', async () => {
      const rep = await api.userToken('sales');
      const refused = await settings({ maxCustomersPerRep: 5 }, rep.token);
      expect(refused.statusCode).toBe(403);
      expect((await settings({ maxCustomersPerRep: 5 }, (await api.userToken('manager')).token)).statusCode).toBe(403);

      const res = await settings({ maxCustomersPerRep: 50, returnAfterDays: 30 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ maxCustomersPerRep: 50, returnAfterDays: 30, tellRepsWhenTaken: false, updatedAt: api.clock.now().toISOString(), updatedBy: adminId });
      const partial = await settings({ returnAfterDays: null });
      expect(partial.json()).toMatchObject({ maxCustomersPerRep: 50, returnAfterDays: null });
      expect((await api.call('GET', '/api/v1/settings/pool', undefined, {}, rep.token)).json()).toMatchObject({ maxCustomersPerRep: 50, returnAfterDays: null });

      const [latest, first] = (await api.call('GET', '/api/v1/audit?entity=pool_settings')).json().items;
      expect(latest).toMatchObject({ action: 'update', actorId: adminId, changes: { returnAfterDays: [30, null] } });
      expect(first.changes).toEqual({ maxCustomersPerRep: [null, 50], returnAfterDays: [null, 30] });
      await settings({ maxCustomersPerRep: null });
    });

    it('rejects bad values with 400 naming the field, and changes nothing', async () => {
      for (const [body, field] of [
        [{ maxCustomersPerRep: -1 }, 'maxCustomersPerRep'],
        [{ maxCustomersPerRep: 2.5 }, 'maxCustomersPerRep'],
        [{ returnAfterDays: 0 }, 'returnAfterDays'],
        [{ returnAfterDays: '30' }, 'returnAfterDays'],
        [{ tellRepsWhenTaken: 'yes' }, 'tellRepsWhenTaken'],
        [{ colour: 'red' }, 'colour'],
      ] as const) {
        const res = await settings(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body).toContain(field);
      }
      expect((await settings({})).statusCode).toBe(400);
      expect((await api.call('GET', '/api/v1/settings/pool')).json()).toMatchObject({ maxCustomersPerRep: null, returnAfterDays: null });
    });
  });

  describe('holding limit', () => {
    let rep: Rep;
    let other: Rep;
    let otherName: string;
    beforeAll(async () => {
      rep = await api.userToken('sales');
      other = await api.userToken('sales');
      otherName = (await api.deps.db.selectFrom('users').select('name').where('id', '=', other.userId).executeTakeFirstOrThrow()).name;
      await settings({ maxCustomersPerRep: 2 });
    });

    it('stops a rep at the limit from claiming another, and leaves that customer in the pool', async () => {
      await newCustomer('已有客户', rep.token);
      const first = await poolCustomer('公海一');
      const second = await poolCustomer('公海二');
      expect((await api.call('POST', `/api/v1/customers/${first}/claim`, undefined, {}, rep.token)).statusCode).toBe(200);
      const refused = await api.call('POST', `/api/v1/customers/${second}/claim`, undefined, {}, rep.token);
      expect(refused.statusCode).toBe(409);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json().detail).toBe('you hold 2 customers; the limit is 2');
      expect(await ownerOf(second)).toBeNull();
      expect((await auditOf(second)).map((e: { action: string }) => e.action)).toEqual(['create']);
    });

    it('frees a place when one of their customers goes to the recycle bin, and does not bind managers', async () => {
      const [kept] = (await api.call('GET', '/api/v1/customers?limit=10', undefined, {}, rep.token)).json().items.filter((c: { ownerId: number }) => c.ownerId === rep.userId);
      expect((await api.call('DELETE', `/api/v1/customers/${kept.id}`)).statusCode).toBe(204);
      const pooled = await poolCustomer('公海三');
      expect((await api.call('POST', `/api/v1/customers/${pooled}/claim`, undefined, {}, rep.token)).statusCode).toBe(200);
      const manager = await api.userToken('manager');
      for (const name of ['经理一', '经理二']) await newCustomer(name, manager.token);
      const another = await newCustomer('给经理的');
      expect((await api.call('POST', '/api/v1/customers/transfer', { ids: [another], ownerId: manager.userId })).json()).toEqual({ transferred: 1 });
    });

    it('refuses a transfer to a rep at the limit, and a bulk one that would pass it, writing nothing', async () => {
      const a = await newCustomer('转移甲');
      const b = await newCustomer('转移乙');
      const c = await newCustomer('转移丙');
      const toFull = await api.call('POST', '/api/v1/customers/transfer', { ids: [a], ownerId: rep.userId });
      expect(toFull.statusCode).toBe(409);
      expect(toFull.json().detail).toMatch(/holds 2 customers; the limit is 2/);
      expect(toFull.json().errors).toEqual([{ field: 'ownerId', message: toFull.json().detail, code: 'pool.limit_user', params: expect.objectContaining({ before: 2, limit: 2 }) }]);
      expect(formatMessage('zh', toFull.json().code, toFull.json().params)).toMatch(/已持有 2 个客户，上限为 2$/);

      await newCustomer('乙的客户', other.token);
      const bulk = await api.call('POST', '/api/v1/customers/transfer', { ids: [a, b, c], ownerId: other.userId });
      expect(bulk.statusCode).toBe(409);
      expect(bulk.json().detail).toBe(`${otherName} holds 1 customer; the limit is 2; 3 more would make 4`);
      // the web app says the coded message: one customer, not "1 customers"
      expect(formatMessage('en', bulk.json().code, bulk.json().params)).toBe(bulk.json().detail);
      expect(formatMessage('zh', bulk.json().code, bulk.json().params)).toBe(`${otherName} 已持有 1 个客户，上限为 2；再加 3 个将达到 4 个`);
      expect(await Promise.all([a, b, c].map(ownerOf))).toEqual([adminId, adminId, adminId]);
      for (const id of [a, b, c]) expect((await auditOf(id)).map((e: { action: string }) => e.action)).toEqual(['create']);

      const one = await api.call('POST', '/api/v1/customers/transfer', { ids: [a], ownerId: other.userId });
      expect(one.json()).toEqual({ transferred: 1 });
      expect(await ownerOf(a)).toBe(other.userId);
    });

    it('refuses a rep at the limit a new customer of their own, and an assignment by PATCH, writing nothing', async () => {
      const full = await api.userToken('sales');
      await settings({ maxCustomersPerRep: 1 });
      await newCustomer('满员甲', full.token);
      const create = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '满员乙' }, {}, full.token);
      expect(create.statusCode).toBe(409);
      expect(create.json().detail).toBe('you hold 1 customer; the limit is 1');
      expect(formatMessage('en', create.json().code, create.json().params)).toBe('you hold 1 customer; the limit is 1');
      expect(formatMessage('zh', create.json().code, create.json().params)).toBe('您已持有 1 个客户，上限为 1');
      const listed = (await api.call('GET', '/api/v1/customers?q=满员乙')).json();
      expect(listed.items).toEqual([]);
      const mine = await newCustomer('管理员的');
      const patched = await api.call('PATCH', `/api/v1/customers/${mine}`, { ownerId: full.userId });
      expect(patched.statusCode).toBe(409);
      expect(patched.json().errors[0].field).toBe('ownerId');
      expect(await ownerOf(mine)).toBe(adminId);
      await settings({ maxCustomersPerRep: 2 });
    });

    it('lets only one of two claims at once take the last place', async () => {
      const racer = await api.userToken('sales');
      await settings({ maxCustomersPerRep: 1 });
      const [x, y] = [await poolCustomer('抢一'), await poolCustomer('抢二')];
      const results = await Promise.all([x, y].map((id) => api.call('POST', `/api/v1/customers/${id}/claim`, undefined, {}, racer.token)));
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect([await ownerOf(x), await ownerOf(y)].filter((o) => o === racer.userId)).toHaveLength(1);
      await settings({ maxCustomersPerRep: 2 });
    });

    it('lifts when the limit is turned off', async () => {
      await settings({ maxCustomersPerRep: null });
      const pooled = await poolCustomer('无限制');
      expect((await api.call('POST', `/api/v1/customers/${pooled}/claim`, undefined, {}, rep.token)).statusCode).toBe(200);
    });
  });

  describe('returning untouched customers', () => {
    let rep: Rep;
    const ids = {} as Record<'untouched' | 'called' | 'edited' | 'claimed' | 'manager' | 'deleted' | 'oldCallLoggedLate', number>;
    const run = (dryRun = false) => returnStaleCustomers({ ...api.deps, actor: null }, { dryRun });

    beforeAll(async () => {
      rep = await api.userToken('sales');
      const manager = await api.userToken('manager');
      await settings({ returnAfterDays: 30, maxCustomersPerRep: null });
      const start = api.clock.now().getTime();
      ids.untouched = await newCustomer('无人问津', rep.token);
      ids.called = await newCustomer('打过电话', rep.token);
      ids.edited = await newCustomer('改过资料', rep.token);
      ids.oldCallLoggedLate = await newCustomer('补记录', rep.token);
      ids.deleted = await newCustomer('回收站里', rep.token);
      ids.manager = await newCustomer('经理的', manager.token);
      ids.claimed = await poolCustomer('后来认领');
      await api.call('DELETE', `/api/v1/customers/${ids.deleted}`, undefined, {}, rep.token);
      // Day 10: an edit; day 20: a call, and a call from day 1 logged late; day 25: a claim.
      api.clock.advance(start + 10 * DAY - api.clock.now().getTime());
      await api.call('PATCH', `/api/v1/customers/${ids.edited}`, { notes: '更新' }, {}, rep.token);
      api.clock.advance(10 * DAY);
      await api.call('POST', '/api/v1/interactions', { customerId: ids.called, type: 'call' }, {}, rep.token);
      const late = await api.call('POST', '/api/v1/interactions', { customerId: ids.oldCallLoggedLate, type: 'call', occurredAt: new Date(start + DAY).toISOString() }, {}, rep.token);
      expect(late.statusCode).toBe(201);
      api.clock.advance(5 * DAY);
      expect((await api.call('POST', `/api/v1/customers/${ids.claimed}/claim`, undefined, {}, rep.token)).statusCode).toBe(200);
      api.clock.advance(6 * DAY); // day 31
    });

    it('a dry run lists only the customers of sales reps untouched for 30 days, and changes nothing', async () => {
      const result = await run(true);
      expect(result).toMatchObject({ returnAfterDays: 30, dryRun: true });
      // The earlier tests' reps have stale customers too; this rep has exactly one.
      const repsOwn = result.returned.filter((c) => c.ownerId === rep.userId);
      expect(repsOwn.map((c) => c.id)).toEqual([ids.untouched]);
      expect(repsOwn[0]).toMatchObject({ name: '无人问津', ownerName: 'Test sales' });
      expect(result.returned.length).toBeGreaterThan(1);
      for (const c of result.returned) expect(await ownerOf(c.id)).toBe(c.ownerId);
      expect(await ownerOf(ids.untouched)).toBe(rep.userId);
    });

    it('returns them to the pool, each as an automatic release in the audit log, once', async () => {
      const result = await run();
      expect(result.returned.filter((c) => c.ownerId === rep.userId).map((c) => c.id)).toEqual([ids.untouched]);
      for (const c of result.returned) expect(await ownerOf(c.id)).toBeNull();
      const [release] = await auditOf(ids.untouched);
      expect(release).toMatchObject({ action: 'release', actorId: null, changes: { ownerId: [rep.userId, null], reason: [null, 'auto'] } });
      expect((await api.call('GET', `/api/v1/customers/${ids.untouched}`, undefined, {}, rep.token)).statusCode).toBe(200); // the pool is visible to reps
      expect((await run()).returned).toEqual([]);
      for (const id of [ids.called, ids.edited, ids.oldCallLoggedLate, ids.claimed]) expect(await ownerOf(id)).toBe(rep.userId);
    });

    it('returns the others once their own 30 days have passed, never a manager\'s or a deleted one', async () => {
      api.clock.advance(21 * DAY); // day 52: edit 42 days ago, calls 32, claim 27
      const result = await run();
      expect(result.returned.map((c) => c.id).sort((a, b) => a - b)).toEqual([ids.called, ids.edited, ids.oldCallLoggedLate].sort((a, b) => a - b));
      expect(await ownerOf(ids.claimed)).toBe(rep.userId);
      const manager = await api.deps.db.selectFrom('customers').select(['owner_id', 'deleted_at']).where('id', 'in', [ids.manager, ids.deleted]).orderBy('id').execute();
      expect(manager.every((c) => c.owner_id !== null)).toBe(true);
    });

    it('does nothing when the rule is off', async () => {
      await settings({ returnAfterDays: null });
      api.clock.advance(100 * DAY);
      expect(await run()).toEqual({ returnAfterDays: null, cutoff: null, dryRun: false, returned: [] });
      expect(await ownerOf(ids.claimed)).toBe(rep.userId);
    });

    it('runs once a day from the server timer, by the clock', async () => {
      await settings({ returnAfterDays: 30 });
      const lines: string[] = [];
      const timer = startPoolTimer(api.deps, (line) => lines.push(line));
      try {
        const first = await timer.tick();
        expect(first?.returned.map((c) => c.id)).toEqual([ids.claimed]);
        expect(lines).toEqual(['kehu: returned 1 customers untouched for 30 days to the public pool']);
        api.clock.advance(23 * 3_600_000);
        expect(await timer.tick()).toBeNull();
        api.clock.advance(3_600_000);
        expect(await timer.tick()).toMatchObject({ returned: [] });
      } finally {
        timer.stop();
      }
    });

    it('keeps the audit chain intact', async () => {
      expect((await verifyAudit(api.deps)).ok).toBe(true);
    });
  });
});
