import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Task {
  id: number;
  title: string;
  dueAt: string | null;
  assigneeId: number | null;
  done: boolean;
  doneAt: string | null;
  customerId: number | null;
  contactId: number | null;
  dealId: number | null;
  createdBy: number;
  version: number;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);
const HOUR = 3_600_000;

forEachDialect('tasks API', (db) => {
  let api: TestApi;
  let customerId: number;
  let otherCustomerId: number;
  let contactId: number;
  let dealId: number;

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await api.call('POST', path, body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newTask = (body: Record<string, unknown> = {}, token?: string): Promise<Task> => post('/api/v1/tasks', { title: 'Call back', ...body }, token);
  const titles = async (query: string, token?: string) => {
    const res = await api.call('GET', `/api/v1/tasks?${query}`, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items.map((t: Task) => t.title);
  };
  const count = async () => Number((await api.deps.db.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    const stageId = (await api.call('GET', '/api/v1/pipeline-stages')).json().items[0].id;
    customerId = (await post('/api/v1/customers', { kind: 'company', name: '星辰科技' })).id;
    otherCustomerId = (await post('/api/v1/customers', { kind: 'company', name: 'Other Ltd' })).id;
    contactId = (await post('/api/v1/contacts', { name: '王伟', customerId })).id;
    dealId = (await post('/api/v1/deals', { customerId, title: '扩容', stageId })).id;
  });

  describe('create and read', () => {
    it('creates a task assigned to its creator, not done, normal priority', async () => {
      const res = await api.call('POST', '/api/v1/tasks', { title: '  Send   quote ', dueAt: '2026-01-20T09:00:00+08:00', customerId });
      expect(res.statusCode, res.body).toBe(201);
      const task = res.json();
      expect(task).toMatchObject({ title: 'Send quote', dueAt: '2026-01-20T01:00:00.000Z', priority: 'normal', done: false, doneAt: null, customerId, version: 1 });
      expect(task.assigneeId).toBe(task.createdBy);
      expect(res.headers.location).toBe(`/api/v1/tasks/${task.id}`);
      const read = await api.call('GET', `/api/v1/tasks/${task.id}`);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(task);
    });

    it('takes the customer from a contact or deal given without one', async () => {
      expect((await newTask({ contactId })).customerId).toBe(customerId);
      expect((await newTask({ dealId, contactId })).customerId).toBe(customerId);
    });

    it('may be left unassigned', async () => {
      expect((await newTask({ assigneeId: null })).assigneeId).toBeNull();
    });

    it.each([
      ['a blank title', { title: '   ' }, 'title', 'must not be blank'],
      ['a missing title', { title: undefined }, 'title', 'is required'],
      ['an unknown assignee', { assigneeId: 987654 }, 'assigneeId', 'user 987654 does not exist'],
      ['an unknown customer', { customerId: 987654 }, 'customerId', 'customer 987654 does not exist'],
      ['an unknown deal', { dealId: 987654 }, 'dealId', 'deal 987654 does not exist'],
      ['a contact of another customer', { customerId: 'OTHER', contactId: 'CONTACT' }, 'contactId', 'does not belong'],
      ['a deal of another customer', { customerId: 'OTHER', dealId: 'DEAL' }, 'dealId', 'does not belong'],
      ['a bad priority', { priority: 'urgent' }, 'priority', 'must be one of'],
      ['a due time that does not exist', { dueAt: '2026-02-30T10:00:00Z' }, 'dueAt', ''],
      ['a leap second', { dueAt: '2026-06-30T23:59:60Z' }, 'dueAt', ''],
      ['done as text', { done: 'yes' }, 'done', ''],
      ['an unknown field', { reminder: true }, 'reminder', 'not a known field'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_what, patch, field, message) => {
      const ids: Record<string, number> = { OTHER: otherCustomerId, CONTACT: contactId, DEAL: dealId };
      const body = Object.fromEntries(
        Object.entries({ title: 'Valid', ...patch }).filter(([, v]) => v !== undefined).map(([k, v]) => [k, typeof v === 'string' && v in ids ? ids[v] : v]),
      );
      const before = await count();
      const res = await api.call('POST', '/api/v1/tasks', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fields(res)).toContain(field);
      expect(res.json().errors.find((e: { field: string }) => e.field === field).message).toContain(message);
      expect(await count()).toBe(before);
    });

    it('refuses a disabled assignee', async () => {
      const { userId } = await api.userToken('sales');
      await api.deps.db.updateTable('users').set({ disabled: true }).where('id', '=', userId).execute();
      const res = await api.call('POST', '/api/v1/tasks', { title: 'x', assigneeId: userId });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors).toEqual([{ field: 'assigneeId', message: `user ${userId} is disabled`, code: 'field.user_disabled', params: { id: userId } }]);
    });

    it('answers 404 for an unknown id on read, update, delete and restore', async () => {
      expect((await api.call('GET', '/api/v1/tasks/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/tasks/987654', { done: true })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/tasks/987654')).statusCode).toBe(404);
      expect((await api.call('POST', '/api/v1/tasks/987654/restore')).statusCode).toBe(404);
    });
  });

  describe('done, locking and the recycle bin', () => {
    it('stamps doneAt from the clock when done, keeps it on later edits, clears it when undone', async () => {
      const task = await newTask();
      api.clock.advance(HOUR);
      const doneAt = api.clock.now().toISOString();
      const done = await api.call('PATCH', `/api/v1/tasks/${task.id}`, { done: true }, { 'if-match': '"v1"' });
      expect(done.json()).toMatchObject({ done: true, doneAt, version: 2 });
      api.clock.advance(HOUR);
      const edited = await api.call('PATCH', `/api/v1/tasks/${task.id}`, { title: 'Called back', done: true });
      expect(edited.json()).toMatchObject({ title: 'Called back', done: true, doneAt });
      const undone = await api.call('PATCH', `/api/v1/tasks/${task.id}`, { done: false });
      expect(undone.json()).toMatchObject({ done: false, doneAt: null });
      expect((await newTask({ done: true })).doneAt).toBe(api.clock.now().toISOString());
    });

    it('answers 412 to a stale If-Match and keeps the first change', async () => {
      const task = await newTask();
      expect((await api.call('PATCH', `/api/v1/tasks/${task.id}`, { priority: 'high' }, { 'if-match': '"v1"' })).statusCode).toBe(200);
      const stale = await api.call('PATCH', `/api/v1/tasks/${task.id}`, { priority: 'low' }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/tasks/${task.id}`)).json().priority).toBe('high');
      expect((await api.call('DELETE', `/api/v1/tasks/${task.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(412);
    });

    it('soft-deletes and restores', async () => {
      const task = await newTask({ title: 'Binned task' });
      expect((await api.call('DELETE', `/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
      expect(await titles('limit=200')).not.toContain('Binned task');
      expect(await titles('includeDeleted=true&limit=200')).toContain('Binned task');
      const restored = await api.call('POST', `/api/v1/tasks/${task.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();
    });

    it('lets a read-only token read but not write (403)', async () => {
      const email = `reader-${Date.now()}@example.com`;
      await api.userToken('admin', email);
      const { token } = await createToken(api.deps, { email, scope: 'read' }, null);
      const task = await newTask();
      const before = await count();
      expect((await api.call('GET', `/api/v1/tasks/${task.id}`, undefined, {}, token)).statusCode).toBe(200);
      expect((await api.call('POST', '/api/v1/tasks', { title: 'x' }, {}, token)).statusCode).toBe(403);
      expect((await api.call('PATCH', `/api/v1/tasks/${task.id}`, { done: true }, {}, token)).statusCode).toBe(403);
      expect((await api.call('DELETE', `/api/v1/tasks/${task.id}`, undefined, {}, token)).statusCode).toBe(403);
      expect(await count()).toBe(before);
    });
  });

  describe('visibility', () => {
    it("keeps a task about no customer between its assignee, its creator and admins", async () => {
      const alice = await api.userToken('sales');
      const bob = await api.userToken('sales');
      const carol = await api.userToken('sales');
      const own = await newTask({ title: 'Alice private' }, alice.token);
      const forBob = await newTask({ title: 'Alice for Bob', assigneeId: bob.userId }, alice.token);
      expect((await api.call('GET', `/api/v1/tasks/${own.id}`, undefined, {}, bob.token)).statusCode).toBe(404);
      expect((await api.call('PATCH', `/api/v1/tasks/${own.id}`, { done: true }, {}, bob.token)).statusCode).toBe(404);
      expect((await api.call('GET', `/api/v1/tasks/${forBob.id}`, undefined, {}, bob.token)).statusCode).toBe(200);
      expect((await api.call('GET', `/api/v1/tasks/${forBob.id}`, undefined, {}, alice.token)).statusCode).toBe(200);
      expect(await titles('limit=200', carol.token)).not.toContain('Alice private');
      expect(await titles('limit=200', carol.token)).not.toContain('Alice for Bob');
      expect(await titles('limit=200')).toEqual(expect.arrayContaining(['Alice private', 'Alice for Bob']));
    });

    it("follows the customer's visibility for a task about a customer", async () => {
      const alice = await api.userToken('sales');
      const bob = await api.userToken('sales');
      const alicesCustomer = (await post('/api/v1/customers', { kind: 'person', name: 'Alice customer' }, alice.token)).id;
      const about = await newTask({ title: 'About the customer', customerId: alicesCustomer, assigneeId: bob.userId }, alice.token);
      expect((await api.call('GET', `/api/v1/tasks/${about.id}`, undefined, {}, bob.token)).statusCode).toBe(404);
      expect((await api.call('GET', `/api/v1/tasks/${about.id}`)).statusCode).toBe(200);
      const gone = (await post('/api/v1/customers', { kind: 'person', name: 'Leaving' })).id;
      const orphan = await newTask({ title: 'About a leaving customer', customerId: gone });
      await api.call('DELETE', `/api/v1/customers/${gone}`);
      expect((await api.call('GET', `/api/v1/tasks/${orphan.id}`)).statusCode).toBe(404);
      await api.call('POST', `/api/v1/customers/${gone}/restore`);
      expect((await api.call('GET', `/api/v1/tasks/${orphan.id}`)).statusCode).toBe(200);
    });
  });

  describe('lists', () => {
    it('sorts by due time (undated last) and pages without gaps, filtering mine', async () => {
      const me = await api.userToken('sales');
      const due = (hours: number | null) => (hours === null ? null : new Date(api.clock.now().getTime() + hours * HOUR).toISOString());
      for (const [title, hours] of [['in 5h', 5], ['no due', null], ['in 1h', 1], ['2h ago', -2], ['in 3h', 3]] as const) {
        await newTask({ title, dueAt: due(hours) }, me.token);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api.call('GET', `/api/v1/tasks?assignee=me&limit=2${cursor ? `&cursor=${cursor}` : ''}`, undefined, {}, me.token);
        seen.push(...res.json().items.map((t: Task) => t.title));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(['2h ago', 'in 1h', 'in 3h', 'in 5h', 'no due']);

      const latestFirst: string[] = [];
      cursor = null;
      do {
        const res = await api.call('GET', `/api/v1/tasks?assignee=me&sort=-dueAt&limit=2${cursor ? `&cursor=${cursor}` : ''}`, undefined, {}, me.token);
        latestFirst.push(...res.json().items.map((t: Task) => t.title));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(latestFirst).toEqual(['in 5h', 'in 3h', 'in 1h', '2h ago', 'no due']);

      expect(await titles(`assignee=${me.userId}&overdue=true`)).toEqual(['2h ago']);
      expect(await titles(`assignee=${me.userId}&overdue=false`)).toEqual(['in 1h', 'in 3h', 'in 5h', 'no due']);
      expect(await titles(`assignee=${me.userId}&dueAfter=${encodeURIComponent(due(1)!)}&dueBefore=${encodeURIComponent(due(5)!)}`)).toEqual(['in 1h', 'in 3h']);
      expect(await titles(`assignee=${me.userId}&sort=createdAt`)).toEqual(['in 5h', 'no due', 'in 1h', '2h ago', 'in 3h']);
    });

    it('filters by done and by customer', async () => {
      const me = await api.userToken('sales');
      const mine = (await post('/api/v1/customers', { kind: 'person', name: 'My customer' }, me.token)).id;
      await newTask({ title: 'open one', customerId: mine }, me.token);
      const finished = await newTask({ title: 'done one' }, me.token);
      await api.call('PATCH', `/api/v1/tasks/${finished.id}`, { done: true }, {}, me.token);
      expect(await titles('assignee=me&done=true', me.token)).toEqual(['done one']);
      expect(await titles('assignee=me&done=false', me.token)).toEqual(['open one']);
      expect(await titles(`assignee=me&customerId=${mine}`, me.token)).toEqual(['open one']);
      expect((await api.call('GET', '/api/v1/tasks?done=maybe')).statusCode).toBe(400);
      const bad = await api.call('GET', '/api/v1/tasks?assignee=someone');
      expect(bad.statusCode).toBe(400);
      expect(fields(bad)).toContain('assignee');
    });
  });
});
