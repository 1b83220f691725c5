import { beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/core/audit/verify-audit.ts';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Entry {
  id: number;
  action: string;
  entity: string;
  entityId: number;
  actorId: number | null;
  at: string;
  changes: Record<string, [unknown, unknown]>;
}

interface Case {
  entity: string;
  path: string;
  create: () => Record<string, unknown>;
  created: (id: number) => Record<string, [unknown, unknown]>;
  patch: Record<string, unknown>;
  /** the update's changes, given the time of the update */
  updated: (now: string) => Record<string, [unknown, unknown]>;
}

forEachDialect('audit of every record type', (db) => {
  let api: TestApi;
  let adminId: number;
  let customerId: number;
  let stageId: number;
  let otherStageId: number;

  const ok = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown) => {
    const res = await api.call(method, url, body);
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.statusCode === 204 ? null : res.json();
  };
  const auditOf = async (entity: string, id: number): Promise<Entry[]> =>
    (await api.call('GET', `/api/v1/audit?entity=${entity}&entityId=${id}`)).json().items;

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    adminId = (await api.deps.db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
    [stageId, otherStageId] = (await api.call('GET', '/api/v1/pipeline-stages')).json().items.map((s: { id: number }) => s.id);
    customerId = (await ok('POST', '/api/v1/customers', { kind: 'company', name: '审计客户' })).id;
  });

  const cases: Case[] = [
    {
      entity: 'deal',
      path: 'deals',
      create: () => ({ customerId, title: '年度框架', stageId, amount: 500000 }),
      created: () => ({ customerId: [null, customerId], title: [null, '年度框架'], stageId: [null, stageId], amount: [null, 500000], currency: [null, 'CNY'], status: [null, 'open'], ownerId: [null, adminId] }),
      patch: { amount: 650000, stageId: -1 },
      updated: () => ({ amount: [500000, 650000] }),
    },
    {
      entity: 'order',
      path: 'orders',
      create: () => ({ customerId, orderedAt: '2026-01-10T10:00:00Z', items: [{ product: '服务器', quantity: 2, unitPrice: 10000 }] }),
      created: () => ({
        customerId: [null, customerId],
        orderedAt: [null, '2026-01-10T10:00:00.000Z'],
        status: [null, 'completed'],
        currency: [null, 'CNY'],
        total: [null, 20000],
        items: [null, [{ product: '服务器', sku: null, quantity: 2, unitPrice: 10000, amount: 20000 }]],
      }),
      patch: { items: [{ product: '服务器', quantity: 3, unitPrice: 10000 }] },
      updated: () => ({
        total: [20000, 30000],
        items: [[{ product: '服务器', sku: null, quantity: 2, unitPrice: 10000, amount: 20000 }], [{ product: '服务器', sku: null, quantity: 3, unitPrice: 10000, amount: 30000 }]],
      }),
    },
    {
      entity: 'interaction',
      path: 'interactions',
      create: () => ({ customerId, type: 'call', subject: '初次沟通', occurredAt: '2026-01-14T09:00:00Z' }),
      created: () => ({ customerId: [null, customerId], type: [null, 'call'], subject: [null, '初次沟通'], occurredAt: [null, '2026-01-14T09:00:00.000Z'] }),
      patch: { subject: '报价沟通', durationSeconds: 300 },
      updated: () => ({ subject: ['初次沟通', '报价沟通'], durationSeconds: [null, 300] }),
    },
    {
      entity: 'task',
      path: 'tasks',
      create: () => ({ customerId, title: '回电', priority: 'high' }),
      created: () => ({ customerId: [null, customerId], title: [null, '回电'], priority: [null, 'high'], assigneeId: [null, adminId], done: [null, false] }),
      patch: { done: true },
      updated: (now) => ({ done: [false, true], doneAt: [null, now] }),
    },
    {
      entity: 'tag',
      path: 'tags',
      create: () => ({ name: '重点', color: '#FF0000' }),
      created: () => ({ name: [null, '重点'], color: [null, '#ff0000'] }),
      patch: { name: '特别重点' },
      updated: () => ({ name: ['重点', '特别重点'] }),
    },
    {
      entity: 'custom_field',
      path: 'custom-fields',
      create: () => ({ entity: 'deal', key: 'channel', label: '渠道', type: 'select', options: ['web', 'partner'] }),
      created: () => ({ entity: [null, 'deal'], key: [null, 'channel'], label: [null, '渠道'], type: [null, 'select'], options: [null, ['web', 'partner']], required: [null, false], unique: [null, false], position: [null, 0] }),
      patch: { label: '来源渠道', required: true },
      updated: () => ({ label: ['渠道', '来源渠道'], required: [false, true] }),
    },
    {
      entity: 'pipeline_stage',
      path: 'pipeline-stages',
      create: () => ({ name: '技术评估', probability: 35 }),
      created: () => ({ name: [null, '技术评估'], probability: [null, 35] }),
      patch: { probability: 40 },
      updated: () => ({ probability: [35, 40] }),
    },
  ];

  for (const c of cases) {
    it(`records a ${c.entity}'s create, update, delete and restore with field-level before/after`, async () => {
      const record = await ok('POST', `/api/v1/${c.path}`, c.create());
      const patch = c.patch.stageId === -1 ? { ...c.patch, stageId: otherStageId } : c.patch;
      const updatedAt = api.clock.now().toISOString();
      await ok('PATCH', `/api/v1/${c.path}/${record.id}`, patch);
      api.clock.advance(1000);
      const deletedAt = api.clock.now().toISOString();
      await ok('DELETE', `/api/v1/${c.path}/${record.id}`);
      await ok('POST', `/api/v1/${c.path}/${record.id}/restore`);

      const entries = await auditOf(c.entity, record.id);
      expect(entries.map((e) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
      const [restore, remove, update, create] = entries as [Entry, Entry, Entry, Entry];
      expect(create).toMatchObject({ entity: c.entity, entityId: record.id, actorId: adminId });
      expect(create.changes).toMatchObject(c.created(record.id));
      expect(create.changes).not.toHaveProperty('version');
      expect(create.changes).not.toHaveProperty('createdAt');
      const expectedUpdate = c.patch.stageId === -1 ? { ...c.updated(updatedAt), stageId: [stageId, otherStageId] } : c.updated(updatedAt);
      expect(update.changes).toEqual(expectedUpdate);
      expect(remove.changes).toEqual({ deletedAt: [null, deletedAt] });
      expect(restore.changes).toEqual({ deletedAt: [deletedAt, null] });
      if (c.entity === 'pipeline_stage' || c.entity === 'custom_field') await ok('DELETE', `/api/v1/${c.path}/${record.id}`);
      api.clock.advance(1000);
    });
  }

  it('writes no entry when a write is refused', async () => {
    const before = (await api.call('GET', '/api/v1/audit?limit=1')).json().items[0].id;
    const bad = await api.call('POST', '/api/v1/deals', { customerId, title: '  ', stageId });
    expect(bad.statusCode).toBe(400);
    const stale = await api.call('PATCH', `/api/v1/tags/${(await ok('POST', '/api/v1/tags', { name: 'stale' })).id}`, { name: 'x' }, { 'if-match': '"99"' });
    expect(stale.statusCode).toBe(412);
    const entries: Entry[] = (await api.call('GET', '/api/v1/audit?limit=5')).json().items;
    expect(entries.filter((e) => e.id > before).map((e) => `${e.action} ${e.entity}`)).toEqual(['create tag']);
  });

  describe("a customer's history", () => {
    it("shows changes to the customer's deals, orders, interactions, tasks and contacts, newest first", async () => {
      const own = (await ok('POST', '/api/v1/customers', { kind: 'company', name: '时间线客户' })).id;
      const other = (await ok('POST', '/api/v1/customers', { kind: 'company', name: '别的客户' })).id;
      const deal = await ok('POST', '/api/v1/deals', { customerId: own, title: '项目', stageId });
      const order = await ok('POST', '/api/v1/orders', { customerId: own, orderedAt: '2026-01-10T10:00:00Z', items: [{ product: 'A', quantity: 1, unitPrice: 1 }] });
      const interaction = await ok('POST', '/api/v1/interactions', { customerId: own, type: 'visit' });
      const task = await ok('POST', '/api/v1/tasks', { customerId: own, title: '拜访' });
      const contact = await ok('POST', '/api/v1/contacts', { customerId: own, name: '李总' });
      await ok('PATCH', `/api/v1/deals/${deal.id}`, { title: '大项目' });
      await ok('DELETE', `/api/v1/tasks/${task.id}`);
      await ok('POST', '/api/v1/deals', { customerId: other, title: '别人的项目', stageId });

      const { items } = (await api.call('GET', `/api/v1/customers/${own}/history`)).json();
      expect(items.map((e: Entry) => `${e.action} ${e.entity} ${e.entityId}`)).toEqual([
        `delete task ${task.id}`,
        `update deal ${deal.id}`,
        `create contact ${contact.id}`,
        `create task ${task.id}`,
        `create interaction ${interaction.id}`,
        `create order ${order.id}`,
        `create deal ${deal.id}`,
        `create customer ${own}`,
      ]);
      expect(items[1].changes).toEqual({ title: ['项目', '大项目'] });
    });

    it('stays under the customer\'s visibility: another rep gets 404', async () => {
      const rep = await api.userToken('sales');
      const otherRep = await api.userToken('sales');
      const mine = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '私客' }, {}, rep.token)).json();
      await api.call('POST', '/api/v1/interactions', { customerId: mine.id, type: 'note', body: '私下' }, {}, rep.token);
      const own = await api.call('GET', `/api/v1/customers/${mine.id}/history`, undefined, {}, rep.token);
      expect(own.json().items.map((e: Entry) => e.entity)).toEqual(['interaction', 'customer']);
      const theirs = await api.call('GET', `/api/v1/customers/${mine.id}/history`, undefined, {}, otherRep.token);
      expect(theirs.statusCode).toBe(404);
    });
  });

  it('keeps the hash chain intact across all of it', async () => {
    const verdict = await verifyAudit(api.deps);
    expect(verdict.ok).toBe(true);
    expect(verdict.entries).toBeGreaterThan(30);
  });
});
