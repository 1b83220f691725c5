import { beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('customers API', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  describe('create and read', () => {
    it('creates a company with normalised phones and pinyin, and reads it back with an ETag', async () => {
      const res = await api.call('POST', '/api/v1/customers', {
        kind: 'company',
        name: '  北京星辰科技有限公司 ',
        phones: [{ value: '010 6552 9988', label: 'office' }],
        emails: [{ value: ' Info@XingChen.CN ' }],
        tags: ['VIP', 'beijing'],
        city: '北京',
      });
      expect(res.statusCode).toBe(201);
      const created = res.json();
      expect(created.name).toBe('北京星辰科技有限公司');
      expect(created.pinyin).toBe('beijingxingchenkejiyouxiangongsi');
      expect(created.phones).toEqual([{ value: '+861065529988', raw: '010 6552 9988', label: 'office', primary: true }]);
      expect(created.emails[0].value).toBe('info@xingchen.cn');
      expect(created.tags).toEqual(['VIP', 'beijing'].sort());
      expect(created.version).toBe(1);
      expect(res.headers.location).toBe(`/api/v1/customers/${created.id}`);

      const read = await api.call('GET', `/api/v1/customers/${created.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.headers.etag).toBe('"v1"');
      expect(read.json()).toEqual(created);
    });

    it('rejects an invalid phone with 400 naming the field, and writes nothing', async () => {
      const before = await api.call('GET', '/api/v1/customers?limit=200');
      const res = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '王芳', phones: [{ value: '12345' }] });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.status).toBe(400);
      expect(problem.errors[0].field).toBe('phones[0].value');
      const after = await api.call('GET', '/api/v1/customers?limit=200');
      expect(after.json().items.length).toBe(before.json().items.length);
    });

    it.each([
      ['malformed JSON', '{"kind": "company", "name": ', 'body'],
      ['an unknown field', { kind: 'company', name: 'X', colour: 'red' }, 'colour'],
      ['a wrong type', { kind: 'company', name: 42 }, 'name'],
      ['an over-long string', { kind: 'company', name: 'x'.repeat(201) }, 'name'],
      ['an invalid email', { kind: 'company', name: 'X', emails: [{ value: 'not-an-email' }] }, 'emails[0].value'],
      ['a bad stage', { kind: 'company', name: 'X', stage: 'hot' }, 'stage'],
      ['an unknown owner', { kind: 'company', name: 'X', ownerId: 999999 }, 'ownerId'],
    ])('answers %s with a 400 that names the field', async (_what, body, field) => {
      const res = await api.app.inject({
        method: 'POST',
        url: '/api/v1/customers',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
        payload: typeof body === 'string' ? body : JSON.stringify(body),
      });
      expect(res.statusCode).toBe(400);
      const problem = res.json();
      if (field !== 'body') expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(problem.detail).toBeTruthy();
    });

    it('answers 404 for an unknown id and 401 without a token', async () => {
      expect((await api.call('GET', '/api/v1/customers/987654')).statusCode).toBe(404);
      const anonymous = await api.app.inject({ method: 'GET', url: '/api/v1/customers' });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().detail).toContain('Bearer');
    });

    it('refuses an oversized body with 413', async () => {
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'X', notes: 'x'.repeat(2 * 1024 * 1024) });
      expect(res.statusCode).toBe(413);
    });
  });

  describe('update, optimistic locking and the recycle bin', () => {
    it('updates with If-Match, and answers 412 to a stale version', async () => {
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '李娜' })).json();
      const first = await api.call('PATCH', `/api/v1/customers/${created.id}`, { stage: 'prospect' }, { 'if-match': '"v1"' });
      expect(first.statusCode).toBe(200);
      expect(first.json().version).toBe(2);
      expect(first.headers.etag).toBe('"v2"');
      const stale = await api.call('PATCH', `/api/v1/customers/${created.id}`, { stage: 'lost' }, { 'if-match': '"v1"' });
      expect(stale.statusCode).toBe(412);
      expect((await api.call('GET', `/api/v1/customers/${created.id}`)).json().stage).toBe('prospect');
    });

    it('soft-deletes, hides from lists, and restores', async () => {
      const created = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Gone Soon Ltd' })).json();
      expect((await api.call('DELETE', `/api/v1/customers/${created.id}`, undefined, { 'if-match': '"v1"' })).statusCode).toBe(204);
      expect((await api.call('GET', `/api/v1/customers/${created.id}`)).statusCode).toBe(404);
      const listed = (await api.call('GET', '/api/v1/customers?q=gone%20soon')).json();
      expect(listed.items).toEqual([]);
      const bin = (await api.call('GET', '/api/v1/customers?includeDeleted=true')).json();
      expect(bin.items.map((c: { id: number }) => c.id)).toContain(created.id);
      const restored = await api.call('POST', `/api/v1/customers/${created.id}/restore`);
      expect(restored.statusCode).toBe(200);
      expect(restored.json().deletedAt).toBeNull();
    });
  });

  describe('lists', () => {
    it('pages with a cursor without repeating or skipping anyone', async () => {
      for (let i = 0; i < 7; i++) {
        api.clock.advance(1000);
        await api.call('POST', '/api/v1/customers', { kind: 'person', name: `Page Person ${i}`, tags: ['paging'] });
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await api.call('GET', `/api/v1/customers?tag=paging&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        const page: { items: Array<{ name: string }>; nextCursor: string | null } = res.json();
        seen.push(...page.items.map((c) => c.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `Page Person ${i}`));
    });

    it.each([
      ['garbage', 'garbage'],
      ['a text where a time belongs', Buffer.from('["abc",1]').toString('base64url')],
      ['an id that is not a number', Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')],
    ])('rejects a forged cursor (%s) with 400', async (_what, cursor) => {
      const res = await api.call('GET', `/api/v1/customers?cursor=${cursor}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0].field).toBe('cursor');
    });
  });
});
