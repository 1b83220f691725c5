import { beforeAll, describe, expect, it } from 'vitest';
import { ensureDefaultStages } from '../../src/core/pipeline-stages/ensure-default-stages.ts';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Deal {
  id: number;
  title: string;
  amount: number;
  status: string;
  closedAt: string | null;
  expectedClose: string | null;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);

forEachDialect('deals API', (db) => {
  let api: TestApi;
  let stageIds: number[];
  let customerId: number;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newCustomer = async (name: string): Promise<number> => (await post('/api/v1/customers', { kind: 'company', name })).id;
  const newDeal = (body: Record<string, unknown>): Promise<Deal & Record<string, unknown>> =>
    post('/api/v1/deals', { customerId, title: 'Deal', stageId: stageIds[0], ...body });
  const dealCount = async () => Number((await api.deps.db.selectFrom('deals').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    api = await createTestApi(db());
    await ensureDefaultStages(api.deps);
    stageIds = (await api.call('GET', '/api/v1/pipeline-stages')).json().items.map((s: { id: number }) => s.id);
    customerId = await newCustomer('华为技术有限公司');
    await api.deps.db
      .insertInto('custom_field_defs')
      .values({ entity: 'deal', key: 'channel', label: 'Channel', type: 'select', options: JSON.stringify(['web', 'partner']), required: false, is_unique: false, position: 0, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', created_by: null, updated_by: null })
      .execute();
  });

  describe('create and read', () => {
    it('creates an open deal with integer money, CNY by default, owned by its creator', async () => {
      const contact = await post('/api/v1/contacts', { name: '王伟', customerId });
      const res = await api.call('POST', '/api/v1/deals', {
        customerId,
        contactId: contact.id,
        title: '  5G 基站  扩容 ',
        stageId: stageIds[1],
        amount: 1_234_567_89,
        expectedClose: '2026-03-31',
        custom: { channel: 'partner' },
      });
      expect(res.statusCode).toBe(201);
      const deal = res.json();
      expect(deal).toMatchObject({
        customerId,
        contactId: contact.id,
        title: '5G 基站 扩容',
        stageId: stageIds[1],
        amount: 123456789,
        currency: 'CNY',
        expectedClose: '2026-03-31',
        status: 'open',
        closedAt: null,
        custom: { channel: 'partner' },
        version: 1,
      });
      expect(deal.ownerId).toBe(deal.createdBy);
      expect(Number.isInteger(deal.amount)).toBe(true);
      expect(res.headers.location).toBe(`/api/v1/deals/${deal.id}`);
      const read = await api.call('GET', `/api/v1/deals/${deal.id}`);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(deal);
    });

    it.each([
      ['a fractional amount', { amount: 12.5 }, 'amount'],
      ['an amount as a string', { amount: '100' }, 'amount'],
      ['a negative amount', { amount: -1 }, 'amount'],
      ['a lower-case currency', { currency: 'cny' }, 'currency'],
      ['a currency ISO 4217 does not know', { currency: 'XYZ' }, 'currency'],
      ['a date that does not exist', { expectedClose: '2026-02-30' }, 'expectedClose'],
      ['a date in year 0', { expectedClose: '0000-01-01' }, 'expectedClose'],
      ['a bad status', { status: 'pending' }, 'status'],
      ['an unknown customer', { customerId: 987654 }, 'customerId'],
      ['an unknown stage', { stageId: 987654 }, 'stageId'],
      ['an unknown owner', { ownerId: 987654 }, 'ownerId'],
      ['an unknown contact', { contactId: 987654 }, 'contactId'],
      ['a blank title', { title: '   ' }, 'title'],
      ['a missing title', { title: undefined }, 'title'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['an unknown custom field', { custom: { mood: 'good' } }, 'custom.mood'],
      ['a custom value outside its options', { custom: { channel: 'fax' } }, 'custom.channel'],
    ])('answers %s with 400 naming the field, and writes nothing', async (_what, patch, field) => {
      const before = await dealCount();
      const res = await api.call('POST', '/api/v1/deals', { customerId, title: 'Bad', stageId: stageIds[0], ...patch });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(fields(res)).toContain(field);
      expect(await dealCount()).toBe(before);
    });

    it('refuses a contact of another customer, and a deal for a customer in the recycle bin', async () => {
      const other = await newCustomer('Other Co');
      const stranger = await post('/api/v1/contacts', { name: 'Jane Roe', customerId: other });
      const wrongContact = await api.call('POST', '/api/v1/deals', { customerId, title: 'X', stageId: stageIds[0], contactId: stranger.id });
      expect(wrongContact.statusCode).toBe(400);
      expect(wrongContact.json().errors).toEqual([{ field: 'contactId', message: `contact ${stranger.id} does not belong to customer ${customerId}`, code: 'field.other_customer', params: { entity: 'contact', id: stranger.id, customer: customerId } }]);

      await api.call('DELETE', `/api/v1/customers/${other}`);
      const before = await dealCount();
      const deleted = await api.call('POST', '/api/v1/deals', { customerId: other, title: 'X', stageId: stageIds[0] });
      expect(deleted.statusCode).toBe(400);
      expect(fields(deleted)).toEqual(['customerId']);
      expect(await dealCount()).toBe(before);
    });

    it('refuses a stage in the recycle bin', async () => {
      const stage = (await api.call('POST', '/api/v1/pipeline-stages', { name: 'Retired 停用', probability: 5 })).json();
      await api.call('DELETE', `/api/v1/pipeline-stages/${stage.id}`);
      const res = await api.call('POST', '/api/v1/deals', { customerId, title: 'X', stageId: stage.id });
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual(['stageId']);
    });

    it('answers 404 for an unknown deal', async () => {
      expect((await api.call('GET', '/api/v1/deals/987654')).statusCode).toBe(404);
      expect((await api.call('PATCH', '/api/v1/deals/987654', { title: 'X' })).statusCode).toBe(404);
      expect((await api.call('DELETE', '/api/v1/deals/987654')).statusCode).toBe(404);
      expect((await api.call('GET', '/api/v1/customers/987654/deals')).statusCode).toBe(404);
    });
  });

  describe('closing, locking and the recycle bin', () => {
    it('stamps closedAt when a deal is won, keeps it through edits, and clears it when reopened', async () => {
      const deal = await newDeal({ title: 'Close me', amount: 5000 });
      api.clock.advance(60_000);
      const won = (await api.call('PATCH', `/api/v1/deals/${deal.id}`, { status: 'won', stageId: stageIds[4] })).json();
      expect(won.closedAt).toBe(api.clock.now().toISOString());
      api.clock.advance(60_000);
      const edited = (await api.call('PATCH', `/api/v1/deals/${deal.id}`, { notes: 'signed' })).json();
      expect(edited.closedAt).toBe(won.closedAt);
      const reopened = (await api.call('PATCH', `/api/v1/deals/${deal.id}`, { status: 'open' })).json();
      expect(reopened.closedAt).toBeNull();
      const lost = (await api.call('PATCH', `/api/v1/deals/${deal.id}`, { status: 'lost' })).json();
      expect(lost.closedAt).toBe(api.clock.now().toISOString());
    });

    it('updates with If-Match and answers 412 to a stale version, changing nothing', async () => {
      const deal = await newDeal({ title: 'Locked', amount: 100 });
      const first = await api.call('PATCH', `/api/v1/deals/${deal.id}`, { amount: 200 }, { 'if-match': '"v1"' });
      expect(first.statusCode).toBe(200);
      expect(first.headers.etag).toBe('"v2"');
      const stale = await api.call('PATCH', `/api/v1/deals/${deal.id}`, { amount: 300 }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('DELETE', `/api/v1/deals/${deal.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).json().amount).toBe(200);
    });

    it('validates a patch like a create and writes nothing when it fails', async () => {
      const deal = await newDeal({ title: 'Patch me' });
      const res = await api.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'New', amount: 1.5, currency: 'usd' });
      expect(res.statusCode).toBe(400);
      expect(fields(res).sort()).toEqual(['amount', 'currency']);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).json()).toMatchObject({ title: 'Patch me', version: 1 });
    });

    it('soft-deletes and restores a deal; a deal follows its customer into the recycle bin', async () => {
      const owner = await newCustomer('Recycled Deals Ltd');
      const deal = await newDeal({ customerId: owner, title: 'Bin me' });
      expect((await api.call('DELETE', `/api/v1/deals/${deal.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
      const bin = (await api.call('GET', '/api/v1/deals?includeDeleted=true')).json();
      expect(bin.items.map((d: Deal) => d.id)).toContain(deal.id);
      expect((await api.call('POST', `/api/v1/deals/${deal.id}/restore`)).json().deletedAt).toBeNull();

      await api.call('DELETE', `/api/v1/customers/${owner}`);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).statusCode).toBe(404);
      expect((await api.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'X' })).statusCode).toBe(404);
      expect((await api.call('GET', `/api/v1/deals?customerId=${owner}`)).json().items).toEqual([]);
      await api.call('POST', `/api/v1/customers/${owner}/restore`);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).json().title).toBe('Bin me');

      await api.call('DELETE', `/api/v1/deals/${deal.id}`);
      await api.call('DELETE', `/api/v1/customers/${owner}`);
      const orphan = await api.call('POST', `/api/v1/deals/${deal.id}/restore`);
      expect(orphan.statusCode).toBe(409);
      expect(orphan.json().detail).toContain('recycle bin');
      await api.call('POST', `/api/v1/customers/${owner}/restore`);
      expect((await api.call('POST', `/api/v1/deals/${deal.id}/restore`)).statusCode).toBe(200);
    });
  });

  describe('lists', () => {
    let listCustomer: number;
    const titles = (res: { json(): { items: Deal[] } }) => res.json().items.map((d) => d.title);

    beforeAll(async () => {
      listCustomer = await newCustomer('Listing Co');
      const specs = [
        { title: 'L-a', amount: 300, expectedClose: '2026-05-01', stageId: stageIds[0] },
        { title: 'L-b', amount: 100, stageId: stageIds[1] },
        { title: 'L-c', amount: 200, expectedClose: '2026-04-01', stageId: stageIds[1], status: 'won' },
        { title: 'L-d', amount: 400, expectedClose: '2026-06-01', stageId: stageIds[2] },
      ];
      for (const spec of specs) {
        api.clock.advance(1000);
        await newDeal({ customerId: listCustomer, ...spec });
      }
    });

    it('filters by customer, stage and status, newest first', async () => {
      const url = `/api/v1/deals?customerId=${listCustomer}`;
      expect(titles(await api.call('GET', url))).toEqual(['L-d', 'L-c', 'L-b', 'L-a']);
      expect(titles(await api.call('GET', `${url}&stageId=${stageIds[1]}`))).toEqual(['L-c', 'L-b']);
      expect(titles(await api.call('GET', `${url}&status=won`))).toEqual(['L-c']);
      expect(titles(await api.call('GET', `/api/v1/customers/${listCustomer}/deals?status=open`))).toEqual(['L-d', 'L-b', 'L-a']);
    });

    it('sorts by amount and by expected close (undated last), paging without gaps', async () => {
      const url = `/api/v1/deals?customerId=${listCustomer}`;
      expect(titles(await api.call('GET', `${url}&sort=amount`))).toEqual(['L-b', 'L-c', 'L-a', 'L-d']);
      expect(titles(await api.call('GET', `${url}&sort=-amount`))).toEqual(['L-d', 'L-a', 'L-c', 'L-b']);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Deal[]; nextCursor: string | null } = (
          await api.call('GET', `${url}&sort=expectedClose&limit=1${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        seen.push(...page.items.map((d) => d.title));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['L-c', 'L-a', 'L-d', 'L-b']);
    });

    it('filters by owner and creation time', async () => {
      const all = (await api.call('GET', `/api/v1/deals?customerId=${listCustomer}&sort=createdAt`)).json().items;
      const owner = all[0].ownerId;
      expect(titles(await api.call('GET', `/api/v1/deals?customerId=${listCustomer}&owner=${owner}`))).toHaveLength(4);
      expect(titles(await api.call('GET', `/api/v1/deals?customerId=${listCustomer}&owner=987654`))).toEqual([]);
      const from = encodeURIComponent(all[1].createdAt.replace('.000Z', 'Z'));
      const to = encodeURIComponent(all[3].createdAt);
      expect(titles(await api.call('GET', `/api/v1/deals?customerId=${listCustomer}&createdFrom=${from}&createdTo=${to}`))).toEqual(['L-c', 'L-b']);
    });

    it('rejects a bad filter with 400 naming it', async () => {
      const forged = Buffer.from(JSON.stringify(['abc', 1])).toString('base64url');
      const cases = [
        ['sort=title', 'sort'],
        ['status=maybe', 'status'],
        ['createdFrom=yesterday', 'createdFrom'],
        ['createdFrom=0000-01-01T00:00:00Z', 'createdFrom'],
        ['cursor=garbage', 'cursor'],
        [`sort=amount&cursor=${forged}`, 'cursor'],
        [`sort=expectedClose&cursor=${forged}`, 'cursor'],
        [`cursor=${forged}`, 'cursor'],
      ];
      for (const [query, field] of cases) {
        const res = await api.call('GET', `/api/v1/deals?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(fields(res)).toContain(field);
      }
    });
  });

  describe('read-only access', () => {
    it('gives a read-only token 403 on every write and changes nothing', async () => {
      const email = `deal-reader-${Date.now()}@example.com`;
      // an admin's read-only token: the role could write, the token may not
      await api.userToken('admin', email);
      const { token } = await createToken(api.deps, { email, scope: 'read' }, null);
      const deal = await newDeal({ title: 'Read only' });
      const before = await dealCount();
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`, undefined, {}, token)).statusCode).toBe(200);
      expect((await api.call('POST', '/api/v1/deals', { customerId, title: 'X', stageId: stageIds[0] }, {}, token)).statusCode).toBe(403);
      expect((await api.call('PATCH', `/api/v1/deals/${deal.id}`, { title: 'X' }, {}, token)).statusCode).toBe(403);
      expect((await api.call('DELETE', `/api/v1/deals/${deal.id}`, undefined, {}, token)).statusCode).toBe(403);
      expect((await api.call('POST', `/api/v1/deals/${deal.id}/restore`, undefined, {}, token)).statusCode).toBe(403);
      expect(await dealCount()).toBe(before);
      expect((await api.call('GET', `/api/v1/deals/${deal.id}`)).json()).toMatchObject({ title: 'Read only', version: 1 });
    });
  });
  describe('GET /deals/access and /tasks/access', () => {
    it('refuse ids that are not a list of up to 200 numbers with 400 on ids', async () => {
      for (const path of ['deals', 'tasks']) {
        for (const ids of ['', 'abc', '1,,2', '0', '-1', Array.from({ length: 201 }, (_, i) => i + 1).join(',')]) {
          const res = await api.call('GET', `/api/v1/${path}/access?ids=${encodeURIComponent(ids)}`);
          expect(res.statusCode, `${path} ${ids}: ${res.body}`).toBe(400);
          expect(res.json().errors[0]).toMatchObject({ field: 'ids' });
        }
      }
    });

    it('answers each visible record once, in the order asked, leaving unknown ids out', async () => {
      const a = await newDeal({ title: 'A' });
      const b = await newDeal({ title: 'B' });
      const res = await api.call('GET', `/api/v1/deals/access?ids=${b.id},${a.id},${b.id},987654`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items).toEqual([{ id: b.id, access: 'write' }, { id: a.id, access: 'write' }]);
    });
  });
});
