import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Interaction {
  id: number;
  customerId: number;
  contactId: number | null;
  dealId: number | null;
  type: string;
  occurredAt: string;
  subject: string | null;
  version: number;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);

forEachDialect('interactions API', (db) => {
  let api: TestApi;
  let customerId: number;
  let otherCustomerId: number;
  let contactId: number;
  let dealId: number;
  let readOnlyToken: string;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newInteraction = (body: Record<string, unknown> = {}): Promise<Interaction> =>
    post('/api/v1/interactions', { customerId, type: 'call', ...body });
  const count = async () =>
    Number((await api.deps.db.selectFrom('interactions').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    const stageId = (await api.call('GET', '/api/v1/pipeline-stages')).json().items[0].id;
    customerId = (await post('/api/v1/customers', { kind: 'company', name: '星辰科技' })).id;
    otherCustomerId = (await post('/api/v1/customers', { kind: 'company', name: 'Other Ltd' })).id;
    contactId = (await post('/api/v1/contacts', { name: '王伟', customerId })).id;
    dealId = (await post('/api/v1/deals', { customerId, title: '扩容', stageId })).id;
    const email = `reader-${Date.now()}@example.com`;
    // an admin's read-only token: the role could write, the token may not
    await api.userToken('admin', email);
    readOnlyToken = (await createToken(api.deps, { email, scope: 'read' }, null)).token;
  });

  describe('create and read', () => {
    it('records a call on a customer, with contact and deal, happening now by default', async () => {
      const res = await api.call('POST', '/api/v1/interactions', {
        customerId,
        contactId,
        dealId,
        type: 'call',
        direction: 'outbound',
        subject: '  Follow-up   on quote ',
        body: 'Discussed pricing.',
        durationSeconds: 300,
      });
      expect(res.statusCode, res.body).toBe(201);
      const created = res.json();
      expect(created).toMatchObject({ customerId, contactId, dealId, type: 'call', direction: 'outbound', subject: 'Follow-up on quote', durationSeconds: 300, version: 1 });
      expect(created.occurredAt).toBe(api.clock.now().toISOString());
      expect(res.headers.location).toBe(`/api/v1/interactions/${created.id}`);
      const read = await api.call('GET', `/api/v1/interactions/${created.id}`);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(created);
    });

    it('stores a time given with an offset as UTC', async () => {
      const created = await newInteraction({ type: 'meeting', occurredAt: '2026-01-10T09:30:00+08:00' });
      expect(created.occurredAt).toBe('2026-01-10T01:30:00.000Z');
    });

    it.each([
      ['an unknown customer', { customerId: 987654 }, 'customerId', 'customer 987654 does not exist'],
      ['a contact of another customer', { customerId: 'OTHER', contactId: 'CONTACT' }, 'contactId', 'does not belong'],
      ['a deal of another customer', { customerId: 'OTHER', dealId: 'DEAL' }, 'dealId', 'does not belong'],
      ['an unknown contact', { contactId: 987654 }, 'contactId', 'does not exist'],
      ['a bad type', { type: 'fax' }, 'type', 'must be one of'],
      ['a bad direction', { direction: 'sideways' }, 'direction', ''],
      ['a negative duration', { durationSeconds: -1 }, 'durationSeconds', ''],
      ['a fractional duration', { durationSeconds: 1.5 }, 'durationSeconds', ''],
      ['an over-long subject', { subject: 'x'.repeat(201) }, 'subject', ''],
      ['an over-long body', { body: 'x'.repeat(20_001) }, 'body', ''],
      ['a time that does not exist', { occurredAt: '2026-01-01T23:59:60Z' }, 'occurredAt', ''],
      ['a time that is not ISO 8601', { occurredAt: 'yesterday' }, 'occurredAt', ''],
      ['an unknown field', { mood: 'happy' }, 'mood', 'not a known field'],
    ])('refuses %s with a 400 naming the field, writing nothing', async (_what, patch, field, message) => {
      const ids: Record<string, number> = { OTHER: otherCustomerId, CONTACT: contactId, DEAL: dealId };
      const body = Object.fromEntries(Object.entries({ customerId, type: 'note', ...patch }).map(([k, v]) => [k, typeof v === 'string' && v in ids ? ids[v] : v]));
      const before = await count();
      const res = await api.call('POST', '/api/v1/interactions', body);
      expect(res.statusCode, res.body).toBe(400);
      expect(fields(res)).toContain(field);
      expect(res.json().errors.find((e: { field: string }) => e.field === field).message).toContain(message);
      expect(await count()).toBe(before);
    });

    it('refuses a customer in the recycle bin', async () => {
      const gone = (await post('/api/v1/customers', { kind: 'person', name: 'Gone Person' })).id;
      await api.call('DELETE', `/api/v1/customers/${gone}`);
      const res = await api.call('POST', '/api/v1/interactions', { customerId: gone, type: 'note' });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['customerId']);
    });

    it('answers 404 for an unknown id on read, update and delete', async () => {
      expect((await api.call('GET', '/api/v1/interactions/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/interactions/987654', { subject: 'x' })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/interactions/987654')).statusCode).toBe(404);
    });
  });

  describe('update, optimistic locking and the recycle bin', () => {
    it('updates with If-Match and answers 412 to a stale version, keeping the first change', async () => {
      const created = await newInteraction({ subject: 'First' });
      const first = await api.call('PATCH', `/api/v1/interactions/${created.id}`, { subject: 'Second', type: 'email' }, { 'if-match': '"v1"' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ subject: 'Second', type: 'email', version: 2 });
      expect(first.headers.etag).toBe('"v2"');
      const stale = await api.call('PATCH', `/api/v1/interactions/${created.id}`, { subject: 'Third' }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/interactions/${created.id}`)).json().subject).toBe('Second');
      const staleDelete = await api.call('DELETE', `/api/v1/interactions/${created.id}`, undefined, { 'if-match': '"v1"' });
      expect(staleDelete.statusCode).toBe(412);
    });

    it('checks links again when a patch moves the interaction to another customer', async () => {
      const created = await newInteraction({ contactId });
      const res = await api.call('PATCH', `/api/v1/interactions/${created.id}`, { customerId: otherCustomerId });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['contactId']);
      expect((await api.call('GET', `/api/v1/interactions/${created.id}`)).json().customerId).toBe(customerId);
    });

    it('soft-deletes, hides from the timeline, and restores', async () => {
      const created = await newInteraction({ subject: 'Soon gone' });
      expect((await api.call('DELETE', `/api/v1/interactions/${created.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/interactions/${created.id}`)).statusCode).toBe(404);
      const timeline = (await api.call('GET', `/api/v1/customers/${customerId}/interactions?limit=200`)).json();
      expect(timeline.items.map((i: Interaction) => i.id)).not.toContain(created.id);
      const bin = (await api.call('GET', '/api/v1/interactions?includeDeleted=true')).json();
      expect(bin.items.map((i: Interaction) => i.id)).toContain(created.id);
      const restored = await api.call('POST', `/api/v1/interactions/${created.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();
      expect((await api.call('POST', `/api/v1/interactions/${created.id}/restore`)).statusCode).toBe(409);
    });

    it("takes a deleted customer's timeline with it, and will not restore an interaction before its customer", async () => {
      const owner = (await post('/api/v1/customers', { kind: 'person', name: 'Leaving Soon' })).id;
      const note = await post('/api/v1/interactions', { customerId: owner, type: 'note' });
      await api.call('DELETE', `/api/v1/interactions/${note.id}`);
      await api.call('DELETE', `/api/v1/customers/${owner}`);
      expect((await api.call('GET', `/api/v1/interactions?customerId=${owner}`)).json().items).toEqual([]);
      const early = await api.call('POST', `/api/v1/interactions/${note.id}/restore`);
      expect(early.statusCode).toBe(409);
      expect(early.json().detail).toContain('restore the customer first');
      await api.call('POST', `/api/v1/customers/${owner}/restore`);
      expect((await api.call('POST', `/api/v1/interactions/${note.id}/restore`)).statusCode).toBe(200);
    });

    it('lets a read-only token read but not write (403)', async () => {
      const created = await newInteraction();
      const call = (method: 'POST' | 'PATCH' | 'DELETE' | 'GET', url: string, body?: unknown) => api.call(method, url, body, {}, readOnlyToken);
      expect((await call('GET', `/api/v1/interactions/${created.id}`)).statusCode).toBe(200);
      const before = await count();
      expect((await call('POST', '/api/v1/interactions', { customerId, type: 'note' })).statusCode).toBe(403);
      expect((await call('PATCH', `/api/v1/interactions/${created.id}`, { subject: 'x' })).statusCode).toBe(403);
      expect((await call('DELETE', `/api/v1/interactions/${created.id}`)).statusCode).toBe(403);
      expect(await count()).toBe(before);
      expect((await api.call('GET', `/api/v1/interactions/${created.id}`)).json().version).toBe(1);
    });
  });

  describe('lists', () => {
    it("shows a customer's timeline newest first, paging without gaps", async () => {
      const customer = (await post('/api/v1/customers', { kind: 'company', name: 'Timeline Co' })).id;
      for (const [i, day] of ['03', '01', '05', '02', '04'].entries()) {
        await post('/api/v1/interactions', { customerId: customer, type: i % 2 ? 'email' : 'visit', subject: `day ${day}`, occurredAt: `2026-02-${day}T10:00:00Z` });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api.call('GET', `/api/v1/customers/${customer}/interactions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().items.map((i: Interaction) => i.subject));
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(seen).toEqual(['day 05', 'day 04', 'day 03', 'day 02', 'day 01']);

      const oldestFirst = (await api.call('GET', `/api/v1/interactions?customerId=${customer}&sort=occurredAt`)).json();
      expect(oldestFirst.items.map((i: Interaction) => i.subject)).toEqual(['day 01', 'day 02', 'day 03', 'day 04', 'day 05']);
      const emails = (await api.call('GET', `/api/v1/interactions?customerId=${customer}&type=email`)).json();
      expect(emails.items.map((i: Interaction) => i.subject)).toEqual(['day 02', 'day 01']);
      const range = await api.call('GET', `/api/v1/interactions?customerId=${customer}&occurredFrom=2026-02-02T00:00:00Z&occurredTo=2026-02-04T10:00:00%2B00:00`);
      expect(range.json().items.map((i: Interaction) => i.subject)).toEqual(['day 03', 'day 02']);
    });

    it('filters by contact and deal', async () => {
      const withBoth = await newInteraction({ contactId, dealId, subject: 'linked' });
      const byContact = (await api.call('GET', `/api/v1/interactions?contactId=${contactId}&limit=200`)).json();
      expect(byContact.items.every((i: Interaction) => i.contactId === contactId)).toBe(true);
      expect(byContact.items.map((i: Interaction) => i.id)).toContain(withBoth.id);
      const byDeal = (await api.call('GET', `/api/v1/interactions?dealId=${dealId}&limit=200`)).json();
      expect(byDeal.items.every((i: Interaction) => i.dealId === dealId)).toBe(true);
      expect(byDeal.items.map((i: Interaction) => i.id)).toContain(withBoth.id);
    });

    it('answers 404 for the timeline of an unknown customer and 400 for a bad sort', async () => {
      expect((await api.call('GET', '/api/v1/customers/987654/interactions')).statusCode).toBe(404);
      const res = await api.call('GET', '/api/v1/interactions?sort=subject');
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toContain('sort');
    });
  });
});
