import { beforeAll, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface BinItem {
  type: string;
  id: number;
  label: string;
  deletedAt: string;
  deletedBy: number | null;
}

const MINUTE = 60_000;

forEachDialect('recycle bin API', (db) => {
  let api: TestApi;
  let stageId: number;

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await api.call('POST', path, body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const remove = async (type: string, id: number, token?: string) => {
    const res = await api.call('DELETE', `/api/v1/${type}/${id}`, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(204);
  };
  const readBin = async (query = '', token?: string, limit = 2): Promise<BinItem[]> => {
    const items: BinItem[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call('GET', `/api/v1/recycle-bin?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ''}`, undefined, {}, token);
      expect(res.statusCode, res.body).toBe(200);
      items.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    return items;
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    stageId = (await api.call('GET', '/api/v1/pipeline-stages')).json().items[0].id;
  });

  it('lists every kind of deleted record, newest deletion first, with a label and who deleted it', async () => {
    const customer = await post('/api/v1/customers', { kind: 'company', name: '废弃公司' });
    const keeper = await post('/api/v1/customers', { kind: 'company', name: 'Keeper Ltd' });
    const contact = await post('/api/v1/contacts', { name: '李雷', customerId: keeper.id });
    const deal = await post('/api/v1/deals', { customerId: keeper.id, title: 'Lost deal', stageId });
    const order = await post('/api/v1/orders', { customerId: keeper.id, orderedAt: '2026-01-01T00:00:00Z', items: [{ product: 'Tea', quantity: 1, unitPrice: 100 }] });
    const interaction = await post('/api/v1/interactions', { customerId: keeper.id, type: 'call' });
    const task = await post('/api/v1/tasks', { title: 'Binned task' });
    const tag = await post('/api/v1/tags', { name: 'binned tag' });

    const deletions: Array<[string, number]> = [
      ['customers', customer.id],
      ['contacts', contact.id],
      ['deals', deal.id],
      ['orders', order.id],
      ['interactions', interaction.id],
      ['tasks', task.id],
      ['tags', tag.id],
    ];
    for (const [type, id] of deletions) {
      api.clock.advance(MINUTE);
      await remove(type, id);
    }
    const bin = await readBin();
    expect(bin.map((i) => [i.type, i.id])).toEqual([...deletions].reverse());
    expect(bin.map((i) => i.label)).toEqual(['binned tag', 'Binned task', `interaction ${interaction.id}`, `order ${order.id}`, 'Lost deal', '李雷', '废弃公司']);
    expect(bin[0]).toEqual({ type: 'tags', id: tag.id, label: 'binned tag', deletedAt: api.clock.now().toISOString(), deletedBy: customer.createdBy });

    expect((await readBin('&type=deals')).map((i) => i.id)).toEqual([deal.id]);

    expect((await api.call('POST', `/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(200);
    expect((await api.call('POST', `/api/v1/tags/${tag.id}/restore`)).statusCode).toBe(200);
    const after = await readBin();
    expect(after.map((i) => i.type)).toEqual(['tasks', 'interactions', 'orders', 'contacts', 'customers']);
  });

  it('pages through deletions made in the same instant without repeating or skipping one', async () => {
    const customer = await post('/api/v1/customers', { kind: 'person', name: 'Same Instant' });
    const tasks = [];
    for (let i = 0; i < 3; i++) tasks.push(await post('/api/v1/tasks', { title: `instant ${i}`, customerId: customer.id }));
    const tag = await post('/api/v1/tags', { name: 'instant tag' });
    api.clock.advance(MINUTE);
    for (const t of tasks) await remove('tasks', t.id);
    await remove('tags', tag.id);
    const newest = (await readBin('', undefined, 1)).filter((i) => i.deletedAt === api.clock.now().toISOString());
    expect(newest.map((i) => i.label).sort()).toEqual(['instant 0', 'instant 1', 'instant 2', 'instant tag']);
  });

  it("shows only what the actor may see: another user's private task stays out", async () => {
    const alice = await api.userToken('sales');
    const bob = await api.userToken('sales');
    const secret = await post('/api/v1/tasks', { title: 'Alice secret' }, alice.token);
    api.clock.advance(MINUTE);
    await remove('tasks', secret.id, alice.token);
    expect((await readBin('&type=tasks', alice.token)).map((i) => i.label)).toContain('Alice secret');
    expect((await readBin('&type=tasks', bob.token)).map((i) => i.label)).not.toContain('Alice secret');
    expect((await readBin('&type=tasks')).map((i) => i.label)).toContain('Alice secret');
  });

  it('refuses an unknown type and a forged cursor with 400 naming the parameter', async () => {
    const badType = await api.call('GET', '/api/v1/recycle-bin?type=users');
    expect(badType.statusCode).toBe(400);
    expect(badType.json().errors.map((e: { field: string }) => e.field)).toContain('type');
    const badCursor = await api.call('GET', '/api/v1/recycle-bin?cursor=nonsense');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json().errors[0].field).toBe('cursor');
  });
});
