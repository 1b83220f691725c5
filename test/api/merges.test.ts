import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

type Json = Record<string, unknown>;
const item = { product: 'Widget', quantity: 2, unitPrice: 1500 };

forEachDialect('merges API', (db) => {
  let api: TestApi;
  let repA: { token: string; userId: number };
  let repB: { token: string; userId: number };
  let viewer: { token: string; userId: number };

  beforeAll(async () => {
    api = await createTestApi(db());
    repA = await api.userToken('sales');
    repB = await api.userToken('sales');
    viewer = await api.userToken('viewer');
  });

  const post = async (url: string, body: unknown, token?: string) => {
    const res = await api.call('POST', url, body, {}, token);
    return { status: res.statusCode, body: res.json() };
  };
  const get = async (url: string, token?: string) => (await api.call('GET', url, undefined, {}, token)).json();
  const created = async (url: string, body: unknown, token?: string): Promise<number> => {
    const res = await post(url, body, token);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id as number;
  };
  /** A customer with one contact, one order and one interaction, as a user would enter them. */
  async function customerWithHistory(body: Json, label: string, token?: string) {
    const id = await created('/api/v1/customers', body, token);
    const contact = await created('/api/v1/contacts', { name: `${label} 联系人`, customerId: id }, token);
    const order = await created('/api/v1/orders', { customerId: id, orderedAt: '2026-01-10T10:00:00Z', items: [item] }, token);
    const interaction = await created('/api/v1/interactions', { customerId: id, type: 'call', subject: `${label} call` }, token);
    api.clock.advance(1000);
    return { id, contact, order, interaction };
  }
  const childIds = async (customerId: number, path: string) =>
    ((await get(`/api/v1/customers/${customerId}/${path}?limit=200`)).items as Array<{ id: number }>).map((i) => i.id).sort();
  const pair = async (entity: 'customers' | 'contacts', x: number, y: number, score = 980) => {
    const [a, b] = x < y ? [x, y] : [y, x];
    const row = await api.deps.db
      .insertInto('duplicate_pairs')
      .values({ entity, a_id: a, b_id: b, score, reasons: JSON.stringify(['same phone']), cluster_id: a, status: 'open', found_at: api.clock.now().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  const pairStatus = async (id: number) =>
    (await api.deps.db.selectFrom('duplicate_pairs').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const withoutBookkeeping = (record: Json) => {
    const { version: _v, updatedAt: _u, updatedBy: _b, ...rest } = record;
    return rest;
  };

  describe('张伟 and Zhang Wei: one person entered twice', () => {
    let zhang: Awaited<ReturnType<typeof customerWithHistory>>;
    let wei: Awaited<ReturnType<typeof customerWithHistory>>;
    let before: { zhang: Json; wei: Json };
    let mergeId: number;
    let pairId: number;

    beforeAll(async () => {
      zhang = await customerWithHistory(
        { kind: 'person', name: '张伟', city: '北京', phones: [{ value: '+86 138 1234 5678' }], tags: ['VIP'], custom: {} },
        '张伟',
      );
      wei = await customerWithHistory(
        {
          kind: 'person',
          name: 'Zhang Wei',
          industry: 'Software',
          city: 'Beijing',
          phones: [{ value: '13812345678' }, { value: '139 0000 1111', label: 'work' }],
          emails: [{ value: 'Zhang.Wei@Example.com' }],
          tags: ['from-import'],
        },
        'Wei',
      );
      before = { zhang: await get(`/api/v1/customers/${zhang.id}`), wei: await get(`/api/v1/customers/${wei.id}`) };
      pairId = await pair('customers', zhang.id, wei.id);
    });

    it('merges field by field: survivor’s values, the other’s where it has none, the caller’s choices', async () => {
      const res = await post('/api/v1/merges', { entity: 'customers', survivorId: zhang.id, mergedId: wei.id, fields: { city: 'merged' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      mergeId = res.body.id;
      expect(res.body).toMatchObject({ entity: 'customers', survivorId: zhang.id, mergedId: wei.id, pairId, undoneAt: null });
      expect(res.body.decisions).toMatchObject({ name: 'survivor', city: 'merged', industry: 'merged' });
      expect(res.body.moved).toMatchObject({ 'contacts.customer_id': 1, 'orders.customer_id': 1, 'interactions.customer_id': 1 });

      const survivor = await get(`/api/v1/customers/${zhang.id}`);
      expect(survivor.name).toBe('张伟');
      expect(survivor.city).toBe('Beijing');
      expect(survivor.industry).toBe('Software');
      // The same number in two formats is one phone; the other number and the e-mail join it.
      expect(survivor.phones.map((p: Json) => p.value)).toEqual(['+8613812345678', '+8613900001111']);
      expect(survivor.phones.filter((p: Json) => p.primary)).toHaveLength(1);
      expect(survivor.emails.map((p: Json) => p.value)).toEqual(['zhang.wei@example.com']);
      expect(survivor.tags).toEqual(['VIP', 'from-import']);
      expect(await pairStatus(pairId)).toBe('merged');
    });

    it('keeps both histories on the survivor and sends the other to the recycle bin', async () => {
      expect(await childIds(zhang.id, 'interactions')).toEqual([zhang.interaction, wei.interaction].sort());
      expect(await childIds(zhang.id, 'orders')).toEqual([zhang.order, wei.order].sort());
      expect(await childIds(zhang.id, 'contacts')).toEqual([zhang.contact, wei.contact].sort());
      expect((await api.call('GET', `/api/v1/customers/${wei.id}`)).statusCode).toBe(404);
      const bin = (await get('/api/v1/recycle-bin?limit=200')).items as Array<{ type: string; id: number }>;
      expect(bin.some((i) => i.id === wei.id)).toBe(true);
      const found = (await get('/api/v1/search?q=Zhang%20Wei')).items as Array<{ id: number }>;
      expect(found.map((i) => i.id)).not.toContain(wei.id);
    });

    it('shows the merge in the survivor’s history, and why the other was deleted in its own', async () => {
      const [entry] = (await get(`/api/v1/customers/${zhang.id}/history`)).items;
      expect(entry.action).toBe('merge');
      expect(entry.changes.mergedFrom).toEqual([null, wei.id]);
      expect(entry.changes.mergeId).toEqual([null, mergeId]);
      expect(entry.changes.city).toEqual(['北京', 'Beijing']);
      expect(entry.changes.decisions[1]).toMatchObject({ city: 'merged' });
      const [gone] = (await get(`/api/v1/customers/${wei.id}/history`)).items;
      expect(gone.changes.mergedInto).toEqual([null, zhang.id]);
      // Each moved child says in its own history where it went, and why.
      const moved = (await get(`/api/v1/audit?entity=order&entityId=${wei.order}`)).items.find((e: Json) => e.action === 'update');
      expect(moved?.changes).toEqual({ customerId: [wei.id, zhang.id], mergeId: [null, mergeId] });
      const onTimeline = (await get(`/api/v1/customers/${zhang.id}/history`)).items.find((e: Json) => e.entity === 'contact' && e.action === 'update');
      expect(onTimeline).toMatchObject({ entityId: wei.contact, changes: { customerId: [wei.id, zhang.id] } });
    });

    it('lists and shows the merge', async () => {
      const list = await get(`/api/v1/merges?recordId=${wei.id}`);
      expect(list.items.map((m: Json) => m.id)).toEqual([mergeId]);
      expect((await get(`/api/v1/merges/${mergeId}`)).survivorId).toBe(zhang.id);
    });

    it('refuses to restore the merged record from the recycle bin, pointing to the undo', async () => {
      const refused = await api.call('POST', `/api/v1/customers/${wei.id}/restore`);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain(`undo merge ${mergeId}`);
      expect((await api.call('GET', `/api/v1/customers/${wei.id}`)).statusCode).toBe(404);
    });

    it('undo restores both records exactly and moves every child back', async () => {
      const res = await post(`/api/v1/merges/${mergeId}/undo`, {});
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.undoneAt).not.toBeNull();
      const zhangNow = await get(`/api/v1/customers/${zhang.id}`);
      const weiNow = await get(`/api/v1/customers/${wei.id}`);
      expect(withoutBookkeeping(zhangNow)).toEqual(withoutBookkeeping(before.zhang));
      expect(withoutBookkeeping(weiNow)).toEqual(withoutBookkeeping(before.wei));
      for (const [who, label] of [[zhang, 'interactions'], [zhang, 'orders'], [zhang, 'contacts'], [wei, 'interactions'], [wei, 'orders'], [wei, 'contacts']] as const) {
        const expected = { interactions: who.interaction, orders: who.order, contacts: who.contact }[label];
        expect(await childIds(who.id, label), `${label} of ${who.id}`).toEqual([expected]);
      }
      expect(await pairStatus(pairId)).toBe('open');
      const [entry] = (await get(`/api/v1/customers/${zhang.id}/history`)).items;
      expect(entry.action).toBe('unmerge');
      expect(entry.changes.mergeId).toEqual([mergeId, null]);
      // The contact moved back is found by its own company's name again.
      const found = (await get(`/api/v1/search?q=${encodeURIComponent('Zhang Wei')}`)).items as Array<{ type: string; id: number }>;
      expect(found.some((i) => i.type === 'contact' && i.id === wei.contact)).toBe(true);
    });

    it('refuses a second undo', async () => {
      const res = await post(`/api/v1/merges/${mergeId}/undo`, {});
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('already undone');
    });
  });

  describe('undo after the survivor changed', () => {
    it('answers 409 naming the change, and undoes with force', async () => {
      const a = await created('/api/v1/customers', { kind: 'company', name: '星辰科技', city: '北京' });
      const b = await created('/api/v1/customers', { kind: 'company', name: '星辰科技有限公司', phones: [{ value: '010 6552 9988' }] });
      const merge = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b, fields: { name: 'merged' } });
      expect(merge.status).toBe(201);
      expect((await get(`/api/v1/customers/${a}`)).name).toBe('星辰科技有限公司');
      expect((await api.call('PATCH', `/api/v1/customers/${a}`, { notes: 'called after the merge' })).statusCode).toBe(200);
      const refused = await post(`/api/v1/merges/${merge.body.id}/undo`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain('changed after merge');
      expect((await post(`/api/v1/merges/${merge.body.id}/undo`, { force: 'yes' })).status).toBe(400);
      const forced = await post(`/api/v1/merges/${merge.body.id}/undo`, { force: true });
      expect(forced.status, JSON.stringify(forced.body)).toBe(200);
      const restored = await get(`/api/v1/customers/${a}`);
      expect(restored).toMatchObject({ name: '星辰科技', notes: null, phones: [] });
      expect((await get(`/api/v1/customers/${b}`)).phones[0].value).toBe('+861065529988');
    });
  });

  describe('merges of the same record', () => {
    it('are undone newest first: an older one answers 409 naming the newer', async () => {
      const [a, b, c] = [
        await created('/api/v1/customers', { kind: 'company', name: '链一', phones: [{ value: '13500000001' }] }),
        await created('/api/v1/customers', { kind: 'company', name: '链二', phones: [{ value: '13500000002' }] }),
        await created('/api/v1/customers', { kind: 'company', name: '链三', phones: [{ value: '13500000003' }] }),
      ];
      const first = (await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b })).body.id;
      const second = (await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: c })).body.id;
      expect((await get(`/api/v1/customers/${a}`)).phones).toHaveLength(3);
      const refused = await post(`/api/v1/merges/${first}/undo?force=true`, undefined);
      expect(refused.status).toBe(409);
      expect(refused.body.detail).toContain(`undo merge ${second} first`);
      expect((await post(`/api/v1/merges/${second}/undo`, {})).status).toBe(200);
      expect((await post(`/api/v1/merges/${first}/undo`, {})).status).toBe(200);
      expect((await get(`/api/v1/customers/${a}`)).phones.map((p: Json) => p.value)).toEqual(['+8613500000001']);
      expect((await get(`/api/v1/customers/${c}`)).deletedAt).toBeNull();
    });
  });

  describe('external ids', () => {
    it('pass to the survivor so a re-import still matches, and back on undo', async () => {
      const a = await created('/api/v1/customers', { kind: 'company', name: '外部甲' });
      const b = await created('/api/v1/customers', { kind: 'company', name: '外部乙' });
      await api.deps.db.updateTable('customers').set({ external_id: 'CRM-0042' }).where('id', '=', b).execute();
      const externalIds = async () =>
        (await api.deps.db.selectFrom('customers').select(['id', 'external_id']).where('id', 'in', [a, b]).orderBy('id').execute()).map((r) => r.external_id);
      const merge = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b });
      expect(merge.status, JSON.stringify(merge.body)).toBe(201);
      expect(merge.body.decisions.externalId).toBe('merged');
      expect(await externalIds()).toEqual(['CRM-0042', 'CRM-0042']);
      expect((await post(`/api/v1/merges/${merge.body.id}/undo`, {})).status).toBe(200);
      expect(await externalIds()).toEqual([null, 'CRM-0042']);
    });
  });

  describe('bad requests', () => {
    it('names the field: same record twice, unknown field, stale version, unknown record', async () => {
      const a = await created('/api/v1/customers', { kind: 'company', name: '甲' });
      const b = await created('/api/v1/customers', { kind: 'company', name: '乙' });
      const same = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: a });
      expect(same.status).toBe(400);
      expect(same.body.errors[0].field).toBe('mergedId');
      const unknown = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b, fields: { colour: 'merged' } });
      expect(unknown.status).toBe(400);
      expect(unknown.body.errors[0].field).toBe('fields.colour');
      const badSide = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b, fields: { name: 'both' } });
      expect(badSide.status).toBe(400);
      const stale = await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b, expectedVersions: { survivor: 7 } });
      expect(stale.status).toBe(412);
      expect((await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: 999999 })).status).toBe(404);
      // nothing was written by any of these
      expect((await get(`/api/v1/customers/${b}`)).deletedAt).toBeNull();
      expect((await get(`/api/v1/merges?recordId=${a}`)).items).toEqual([]);
    });
  });

  describe('permissions', () => {
    it('a rep merges their own customers, but not another rep’s (404) nor a pool one (403); a viewer none', async () => {
      const mine1 = await created('/api/v1/customers', { kind: 'company', name: '甲方一' }, repA.token);
      const mine2 = await created('/api/v1/customers', { kind: 'company', name: '甲方二' }, repA.token);
      const theirs = await created('/api/v1/customers', { kind: 'company', name: '乙方' }, repB.token);
      const pool = await created('/api/v1/customers', { kind: 'company', name: '公海客户', ownerId: null });
      expect((await post('/api/v1/merges', { entity: 'customers', survivorId: mine1, mergedId: theirs }, repA.token)).status).toBe(404);
      expect((await post('/api/v1/merges', { entity: 'customers', survivorId: theirs, mergedId: mine1 }, repA.token)).status).toBe(404);
      expect((await post('/api/v1/merges', { entity: 'customers', survivorId: mine1, mergedId: pool }, repA.token)).status).toBe(403);
      expect((await post('/api/v1/merges', { entity: 'customers', survivorId: mine1, mergedId: mine2 }, viewer.token)).status).toBe(403);
      const ok = await post('/api/v1/merges', { entity: 'customers', survivorId: mine1, mergedId: mine2 }, repA.token);
      expect(ok.status, JSON.stringify(ok.body)).toBe(201);
      // rep B neither sees nor undoes rep A's merge
      expect((await api.call('GET', `/api/v1/merges/${ok.body.id}`, undefined, {}, repB.token)).statusCode).toBe(404);
      expect((await post(`/api/v1/merges/${ok.body.id}/undo`, {}, repB.token)).status).toBe(404);
      expect((await get('/api/v1/merges?limit=200', repB.token)).items.map((m: Json) => m.id)).not.toContain(ok.body.id);
      expect((await post(`/api/v1/merges/${ok.body.id}/undo`, undefined, repA.token)).status).toBe(200);
      // taking the other record's owner is a transfer: not for a rep
      const shared = await created('/api/v1/customers', { kind: 'company', name: '乙方共享' }, repB.token);
      await post(`/api/v1/customers/${shared}/shares`, { userId: repA.userId, access: 'write' }, repB.token);
      const transfer = await post('/api/v1/merges', { entity: 'customers', survivorId: mine1, mergedId: shared, fields: { ownerId: 'merged' } }, repA.token);
      expect(transfer.status).toBe(403);
    });
  });

  describe('contacts', () => {
    it('merges two contacts: phones unioned, interactions follow, undo puts them back', async () => {
      const company = await created('/api/v1/customers', { kind: 'company', name: '东方贸易' });
      const c1 = await created('/api/v1/contacts', { name: '李娜', customerId: company, phones: [{ value: '13700000001' }] });
      const c2 = await created('/api/v1/contacts', { name: 'Li Na', title: '采购经理', customerId: company, phones: [{ value: '137 0000 0001' }], emails: [{ value: 'lina@example.com' }] });
      const talk = await created('/api/v1/interactions', { customerId: company, contactId: c2, type: 'meeting' });
      const pairId = await pair('contacts', c1, c2);
      const res = await post('/api/v1/merges', { entity: 'contacts', survivorId: c1, mergedId: c2 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const survivor = await get(`/api/v1/contacts/${c1}`);
      expect(survivor).toMatchObject({ name: '李娜', title: '采购经理' });
      expect(survivor.phones).toHaveLength(1);
      expect(survivor.emails.map((e: Json) => e.value)).toEqual(['lina@example.com']);
      expect((await get(`/api/v1/interactions/${talk}`)).contactId).toBe(c1);
      expect(await pairStatus(pairId)).toBe('merged');
      expect((await post(`/api/v1/merges/${res.body.id}/undo`, {})).status).toBe(200);
      expect((await get(`/api/v1/interactions/${talk}`)).contactId).toBe(c2);
      expect((await get(`/api/v1/contacts/${c1}`)).title).toBeNull();
      expect((await get(`/api/v1/contacts/${c2}`)).deletedAt).toBeNull();
      expect(await pairStatus(pairId)).toBe('open');
    });

    it('keeps the merged contact\'s card fields (N, nickname, role, department, website, address, birthday) where the survivor has none, the survivor\'s where it has; undo restores', async () => {
      const company = await created('/api/v1/customers', { kind: 'company', name: '南山精密' });
      const c1 = await created('/api/v1/contacts', { name: '王芳', customerId: company, role: '决策人', address: '科技园南区 8 栋', city: '深圳', phones: [{ value: '13700000021' }] });
      const c2 = await created('/api/v1/contacts', {
        name: 'Wang Fang', customerId: company, familyName: '王', givenName: '芳', nickname: '芳姐', department: '采购部', role: '联系人', website: 'https://wang.example.com',
        address: '福田区深南大道 1 号', city: '深圳', province: '广东', postcode: '518000', country: '中国', birthday: '--04-15', phones: [{ value: '13700000022' }],
      });
      const res = await post('/api/v1/merges', { entity: 'contacts', survivorId: c1, mergedId: c2 });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const survivor = await get(`/api/v1/contacts/${c1}`);
      expect(survivor).toMatchObject({
        name: '王芳', familyName: '王', givenName: '芳', nickname: '芳姐', department: '采购部', website: 'https://wang.example.com', birthday: '--04-15',
        // the survivor's own role and its address stay, the merged one's address parts do not mix in
        role: '决策人', address: '科技园南区 8 栋', city: '深圳', province: null, postcode: null, country: null,
      });
      expect(survivor.phones.map((p: Json) => p.value)).toEqual(['+8613700000021', '+8613700000022']);
      expect((await post(`/api/v1/merges/${res.body.id}/undo`, {})).status).toBe(200);
      expect(await get(`/api/v1/contacts/${c1}`)).toMatchObject({ familyName: null, nickname: null, department: null, website: null, birthday: null, role: '决策人' });
      expect(await get(`/api/v1/contacts/${c2}`)).toMatchObject({ deletedAt: null, nickname: '芳姐', address: '福田区深南大道 1 号' });
    });

    it('takes the whole address from the merged contact, or any field asked for, when the survivor has none', async () => {
      const c1 = await created('/api/v1/contacts', { name: '赵磊', nickname: '磊子' });
      const c2 = await created('/api/v1/contacts', { name: '赵磊', nickname: '老赵', city: '杭州', postcode: '310000' });
      // the address is one choice: its parts are no fields of their own
      const bad = await post('/api/v1/merges', { entity: 'contacts', survivorId: c1, mergedId: c2, fields: { city: 'merged' } });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toMatchObject([{ field: 'fields.city' }]);
      const res = await post('/api/v1/merges', { entity: 'contacts', survivorId: c1, mergedId: c2, fields: { nickname: 'merged' } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(await get(`/api/v1/contacts/${c1}`)).toMatchObject({ nickname: '老赵', city: '杭州', postcode: '310000', address: null });
    });

    it('refuses contacts of two different customers (409), as their deals and interactions could not follow', async () => {
      const one = await created('/api/v1/customers', { kind: 'company', name: '甲贸易' });
      const two = await created('/api/v1/customers', { kind: 'company', name: '乙贸易' });
      const c1 = await created('/api/v1/contacts', { name: '周杰', customerId: one });
      const c2 = await created('/api/v1/contacts', { name: '周杰', customerId: two });
      const res = await post('/api/v1/merges', { entity: 'contacts', survivorId: c1, mergedId: c2 });
      expect(res.status).toBe(409);
      expect(res.body.detail).toContain('different customers');
    });
  });

  describe('not a duplicate', () => {
    it('dismisses and reopens a pair; a merged pair is undone instead; an invisible one is 404', async () => {
      const a = await created('/api/v1/customers', { kind: 'company', name: '北方重工' }, repA.token);
      const b = await created('/api/v1/customers', { kind: 'company', name: '北方重工集团' }, repA.token);
      const id = await pair('customers', a, b, 700);
      const dismissed = await post(`/api/v1/duplicates/${id}/dismiss`, undefined, repA.token);
      expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);
      expect(dismissed.body).toMatchObject({ id, status: 'dismissed', decidedBy: repA.userId });
      expect(await pairStatus(id)).toBe('dismissed');
      expect((await post(`/api/v1/duplicates/${id}/dismiss`, undefined, repB.token)).status).toBe(404);
      const reopened = await post(`/api/v1/duplicates/${id}/reopen`, undefined, repA.token);
      expect(reopened.body).toMatchObject({ status: 'open', decidedAt: null });
      await post('/api/v1/merges', { entity: 'customers', survivorId: a, mergedId: b }, repA.token);
      expect((await post(`/api/v1/duplicates/${id}/dismiss`, undefined, repA.token)).status).toBe(409);
      expect((await post('/api/v1/duplicates/999999/dismiss', undefined)).status).toBe(404);
    });
  });

  describe('bulk merge', () => {
    it('merges each group of high-scoring pairs into its oldest record and leaves the rest', async () => {
      // Pairs left open by the tests above are decided "not a duplicate", so only these count.
      await api.deps.db.updateTable('duplicate_pairs').set({ status: 'dismissed' }).where('status', '=', 'open').execute();
      const ids: number[] = [];
      for (const name of ['华为一', '华为二', '华为三', '华为四']) {
        ids.push(await created('/api/v1/customers', { kind: 'company', name, phones: [{ value: `1360000000${ids.length}` }] }));
        api.clock.advance(1000);
      }
      const [x1, x2, x3, x4] = ids as [number, number, number, number];
      const p12 = await pair('customers', x1, x2, 990);
      const p23 = await pair('customers', x2, x3, 960);
      const low = await pair('customers', x3, x4, 600);
      const first = await post('/api/v1/merges/bulk', { entity: 'customers', minScore: 0.95, limit: 1 });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ clusters: 1, merged: 1, skipped: 0, more: true });
      // the next call carries on with the same group, into the same survivor
      const res = await post('/api/v1/merges/bulk', { entity: 'customers', minScore: 0.95 });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ clusters: 1, merged: 1, skipped: 0, more: false });
      const merges = await Promise.all([...first.body.mergeIds, ...res.body.mergeIds].map((id: number) => get(`/api/v1/merges/${id}`)));
      expect(merges.map((m) => [m.survivorId, m.mergedId])).toEqual([[x1, x2], [x1, x3]]);
      const survivor = await get(`/api/v1/customers/${x1}`);
      expect(survivor.phones).toHaveLength(3);
      for (const gone of [x2, x3]) expect((await api.call('GET', `/api/v1/customers/${gone}`)).statusCode).toBe(404);
      expect((await get(`/api/v1/customers/${x4}`)).deletedAt).toBeNull();
      expect(await pairStatus(low)).toBe('open');
      expect([await pairStatus(p12), await pairStatus(p23)]).toEqual(['merged', 'merged']);
      const again = await post('/api/v1/merges/bulk', { entity: 'customers', minScore: 0.95 });
      expect(again.body).toMatchObject({ clusters: 0, merged: 0 });
      expect((await post('/api/v1/merges/bulk', { entity: 'customers', minScore: 2 })).status).toBe(400);
    });
  });
});
