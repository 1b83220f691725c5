import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('customer list: last-contact filter', (db) => {
  let api: TestApi;
  let rep: { token: string; userId: number };
  const tag = `lc-${Date.now()}`;

  const post = async (url: string, body: unknown, token?: string) => {
    const res = await api.call('POST', url, body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };
  const customer = (name: string, token?: string) => post('/api/v1/customers', { kind: 'company', name, tags: [tag] }, token);
  const contact = (customerId: number, occurredAt: string, token?: string) => post('/api/v1/interactions', { customerId, type: 'call', occurredAt }, token);
  const names = async (query: string, token?: string) => {
    const res = await api.call('GET', `/api/v1/customers?tag=${tag}&sort=name&${query}`, undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json().items as Array<{ name: string }>).map((c) => c.name);
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    rep = await api.userToken('sales');
    api.clock.advance(Date.parse('2026-06-30T00:00:00Z') - api.clock.now().getTime());
    const january = await customer('a-january');
    await contact(january.id, '2026-01-10T09:00:00Z');
    const march = await customer('b-march');
    await contact(march.id, '2026-01-05T09:00:00Z');
    await contact(march.id, '2026-03-15T09:00:00Z');
    const may = await customer('c-may');
    await contact(may.id, '2026-05-20T09:00:00Z');
    // its May contact is in the recycle bin: the last live contact is in February
    const binned = await customer('d-binned-may');
    await contact(binned.id, '2026-02-01T09:00:00Z');
    const removed = await contact(binned.id, '2026-05-25T09:00:00Z');
    expect((await api.call('DELETE', `/api/v1/interactions/${removed.id}`)).statusCode).toBe(204);
    await customer('e-never');
    const repsOwn = await customer('f-reps-own', rep.token);
    await contact(repsOwn.id, '2026-04-01T09:00:00Z', rep.token);
  });

  it('lastContactFrom keeps customers whose latest live interaction is at or after it', async () => {
    expect(await names('lastContactFrom=2026-03-01T00:00:00Z')).toEqual(['b-march', 'c-may', 'f-reps-own']);
    expect(await names('lastContactFrom=2026-03-15T09:00:00Z')).toEqual(['b-march', 'c-may', 'f-reps-own']);
    expect(await names('lastContactFrom=2026-05-01T00:00:00Z')).toEqual(['c-may']);
  });

  it('lastContactTo keeps customers contacted before it and not since; never-contacted customers are left out', async () => {
    expect(await names('lastContactTo=2026-03-01T00:00:00Z')).toEqual(['a-january', 'd-binned-may']);
    // exclusive like createdTo: a contact exactly at `to` counts as after it
    expect(await names('lastContactTo=2026-03-15T09:00:00Z')).toEqual(['a-january', 'd-binned-may']);
    expect(await names('lastContactTo=2026-12-31T00:00:00Z')).toEqual(['a-january', 'b-march', 'c-may', 'd-binned-may', 'f-reps-own']);
  });

  it('both bounds keep customers last contacted within [from, to), and page with a cursor', async () => {
    const range = 'lastContactFrom=2026-02-01T00:00:00Z&lastContactTo=2026-05-01T00:00:00Z';
    expect(await names(range)).toEqual(['b-march', 'd-binned-may', 'f-reps-own']);
    const first = await api.call('GET', `/api/v1/customers?tag=${tag}&sort=name&limit=2&${range}`);
    expect(first.json().items.map((c: { name: string }) => c.name)).toEqual(['b-march', 'd-binned-may']);
    const cursor = encodeURIComponent(first.json().nextCursor);
    expect(await names(`limit=2&cursor=${cursor}&${range}`)).toEqual(['f-reps-own']);
  });

  it('a Beijing-time bound means the same instant as its UTC form', async () => {
    expect(await names(`lastContactFrom=${encodeURIComponent('2026-05-20T17:00:00+08:00')}`)).toEqual(['c-may']);
    expect(await names(`lastContactFrom=${encodeURIComponent('2026-05-20T17:00:01+08:00')}`)).toEqual([]);
  });

  it('a sales rep only ever sees their own customers through the filter', async () => {
    expect(await names('lastContactFrom=2026-01-01T00:00:00Z', rep.token)).toEqual(['f-reps-own']);
    expect(await names('lastContactTo=2026-03-01T00:00:00Z', rep.token)).toEqual([]);
  });

  it('exports take the same filter', async () => {
    const res = await api.call('GET', `/api/v1/exports/customers?format=csv&tag=${tag}&lastContactFrom=2026-05-01T00:00:00Z`);
    expect(res.statusCode, res.body).toBe(200);
    const csv = res.rawPayload.toString('utf8');
    expect(csv).toContain('c-may');
    expect(csv).not.toContain('b-march');
    expect(csv).not.toContain('e-never');
  });

  describe('a bad bound is a 400 naming the field', () => {
    it.each([
      ['lastContactFrom=yesterday', 'lastContactFrom'],
      ['lastContactTo=2026-02-30T00:00:00Z', 'lastContactTo'],
      ['lastContactFrom=0000-01-01T00:00:00Z', 'lastContactFrom'],
    ])('%s', async (query, field) => {
      const res = await api.call('GET', `/api/v1/customers?${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect((res.json().errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
    });
  });
});
