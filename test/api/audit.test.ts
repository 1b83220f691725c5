import { beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/core/tokens/revoke-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('audit API', (db) => {
  let api: TestApi;
  let sales: { token: string; userId: number };
  let adminId: number;
  beforeAll(async () => {
    api = await createTestApi(db());
    sales = await api.userToken('sales');
    adminId = (await db().db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
  });

  const history = async (id: number, query = '') => (await api.call('GET', `/api/v1/customers/${id}/history${query}`)).json();

  describe('customer history', () => {
    it('records create, update, delete and restore with field-level changes, who and from where', async () => {
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '星辰科技', city: '北京', tags: ['VIP'], phones: [{ value: '010 6552 9988' }] })).json();
      api.clock.advance(1000);
      const patch = await api.call('PATCH', `/api/v1/customers/${created.id}`, { city: '上海', stage: 'prospect', tags: ['VIP', 'key'] });
      expect(patch.statusCode).toBe(200);
      api.clock.advance(1000);
      expect((await api.call('DELETE', `/api/v1/customers/${created.id}`)).statusCode).toBe(204);
      api.clock.advance(1000);
      expect((await api.call('POST', `/api/v1/customers/${created.id}/restore`)).statusCode).toBe(200);

      const { items, nextCursor } = await history(created.id);
      expect(nextCursor).toBeNull();
      expect(items.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
      const [restore, remove, update, create] = items;
      expect(create).toMatchObject({ entity: 'customer', entityId: created.id, actorId: adminId, ip: '127.0.0.1', at: created.createdAt });
      expect(create.changes).toEqual({
        kind: [null, 'company'],
        name: [null, '星辰科技'],
        stage: [null, 'lead'],
        city: [null, '北京'],
        ownerId: [null, adminId],
        tags: [null, ['VIP']],
        phones: [null, [{ value: '+861065529988', raw: '010 6552 9988', label: null, primary: true }]],
      });
      expect(update.changes).toEqual({ city: ['北京', '上海'], stage: ['lead', 'prospect'], tags: [['VIP'], ['VIP', 'key']] });
      expect(remove.changes).toEqual({ deletedAt: [null, '2026-01-15T08:00:02.000Z'] });
      expect(restore.changes).toEqual({ deletedAt: ['2026-01-15T08:00:02.000Z', null] });
    });

    it('lists only the fields that changed, and phones when they change', async () => {
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '王芳', phones: [{ value: '13800138000' }] })).json();
      await api.call('PATCH', `/api/v1/customers/${created.id}`, { name: '王芳', notes: '老客户' });
      await api.call('PATCH', `/api/v1/customers/${created.id}`, { phones: [{ value: '13900139000' }] });
      const [phones, notes] = (await history(created.id)).items;
      expect(notes.changes).toEqual({ notes: [null, '老客户'] });
      expect(Object.keys(phones.changes)).toEqual(['phones']);
      expect(phones.changes.phones[1][0].value).toBe('+8613900139000');
    });

    it('pages newest first with a cursor', async () => {
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '李雷' })).json();
      for (const city of ['a', 'b', 'c']) await api.call('PATCH', `/api/v1/customers/${created.id}`, { city });
      const first = await history(created.id, '?limit=3');
      expect(first.items.map((e: { changes: { city?: unknown[] } }) => e.changes.city?.[1])).toEqual(['c', 'b', 'a']);
      const second = await history(created.id, `?limit=3&cursor=${first.nextCursor}`);
      expect(second.items.map((e: { action: string }) => e.action)).toEqual(['create']);
      expect(second.nextCursor).toBeNull();
    });

    it('is 404 for a customer that does not exist, and readable by whoever may see the customer', async () => {
      const missing = await api.call('GET', '/api/v1/customers/999999/history');
      expect(missing.statusCode).toBe(404);
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '韩梅梅' }, {}, sales.token)).json();
      const own = await api.call('GET', `/api/v1/customers/${created.id}/history`, undefined, {}, sales.token);
      expect(own.statusCode).toBe(200);
      expect(own.json().items[0]).toMatchObject({ action: 'create', actorId: sales.userId });
    });
  });

  describe('contacts and tokens', () => {
    const entries = async (query: string) => (await api.call('GET', `/api/v1/audit?${query}`)).json().items;

    it('records a contact\'s create, update, delete and restore', async () => {
      const contact = (await api.call('POST', '/api/v1/contacts', { name: '张伟', title: '经理' })).json();
      await api.call('PATCH', `/api/v1/contacts/${contact.id}`, { title: '总监' });
      expect((await api.call('DELETE', `/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);
      expect((await api.call('POST', `/api/v1/contacts/${contact.id}/restore`)).statusCode).toBe(200);
      const items = await entries(`entity=contact&entityId=${contact.id}`);
      expect(items.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
      expect(items[2].changes).toEqual({ title: ['经理', '总监'] });
      expect(items[3].changes).toMatchObject({ name: [null, '张伟'], title: [null, '经理'] });
      expect(items[3].actorId).toBe(adminId);
    });

    it('records token creation and revocation without the token itself', async () => {
      const { token, userId } = await api.userToken('viewer');
      const [created] = await entries('action=token_create');
      expect(created).toMatchObject({ entity: 'api_token', changes: { userId: [null, userId], scope: [null, 'write'] } });
      expect(JSON.stringify(created)).not.toContain(token.slice(8));
      await revokeToken(api.deps, String(created.entityId));
      const [revoked] = await entries('action=token_revoke');
      expect(revoked).toMatchObject({ entity: 'api_token', entityId: created.entityId, actorId: null });
    });
  });

  describe('GET /api/v1/audit', () => {
    it('refuses a sales token with 403', async () => {
      const res = await api.call('GET', '/api/v1/audit', undefined, {}, sales.token);
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });

    it('gives an admin the log newest first, filtered by entity, action and actor', async () => {
      const all = (await api.call('GET', '/api/v1/audit?limit=200')).json();
      expect(all.items.length).toBeGreaterThan(5);
      const ids = all.items.map((e: { id: number }) => e.id);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));

      const deletes = (await api.call('GET', '/api/v1/audit?entity=customer&action=delete')).json();
      expect(deletes.items.length).toBe(1);
      const bySales = (await api.call('GET', `/api/v1/audit?actor=${sales.userId}`)).json();
      expect(bySales.items.map((e: { action: string }) => e.action)).toEqual(['create']);
      const one = (await api.call('GET', `/api/v1/audit?entity=customer&entityId=${deletes.items[0].entityId}`)).json();
      expect(one.items.map((e: { action: string }) => e.action)).toEqual(['restore', 'delete', 'update', 'create']);
    });

    it('filters by time and pages with a cursor', async () => {
      const window = (await api.call('GET', '/api/v1/audit?from=2026-01-15T08:00:01.000Z&to=2026-01-15T08:00:03.000Z')).json();
      expect(window.items.map((e: { action: string }) => e.action)).toEqual(['delete', 'update']);
      const page1 = (await api.call('GET', '/api/v1/audit?limit=2')).json();
      const page2 = (await api.call('GET', `/api/v1/audit?limit=2&cursor=${page1.nextCursor}`)).json();
      expect(page2.items[0].id).toBeLessThan(page1.items[1].id);
    });

    it('rejects an unknown action or a bad time with 400 naming the field', async () => {
      const action = await api.call('GET', '/api/v1/audit?action=teleport');
      expect(action.statusCode).toBe(400);
      const time = await api.call('GET', '/api/v1/audit?from=yesterday');
      expect(time.statusCode).toBe(400);
      expect(JSON.stringify(time.json())).toContain('from');
    });
  });
});
