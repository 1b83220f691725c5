import { beforeAll, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Tag {
  id: number;
  name: string;
  color: string | null;
  version: number;
}

const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field);

forEachDialect('tags API', (db) => {
  let api: TestApi;

  const post = async (path: string, body: unknown) => {
    const res = await api.call('POST', path, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const newTag = (name: string, color?: string): Promise<Tag> => post('/api/v1/tags', color === undefined ? { name } : { name, color });
  const allNames = async (query = '') => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await api.call('GET', `/api/v1/tags?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      names.push(...res.json().items.map((t: Tag) => t.name));
      cursor = res.json().nextCursor;
    } while (cursor);
    return names;
  };
  const count = async () => Number((await api.deps.db.selectFrom('tags').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const customerTags = async (id: number): Promise<string[]> => (await api.call('GET', `/api/v1/customers/${id}`)).json().tags;

  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('creates a tag with a trimmed name and a lower-case colour, and lists tags by name across pages', async () => {
    const res = await api.call('POST', '/api/v1/tags', { name: '  key   account ', color: '#FFAA00' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ name: 'key account', color: '#ffaa00', version: 1, deletedAt: null });
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.location).toBe(`/api/v1/tags/${res.json().id}`);
    await newTag('beta');
    await newTag('alpha');
    await newTag('gamma');
    expect(await allNames()).toEqual(['alpha', 'beta', 'gamma', 'key account']);
    expect((await api.call('GET', `/api/v1/tags/${res.json().id}`)).json()).toEqual(res.json());
  });

  it.each([
    ['a blank name', { name: '   ' }, 'name', 400],
    ['a missing name', { color: '#000000' }, 'name', 400],
    ['an over-long name', { name: 'x'.repeat(51) }, 'name', 400],
    ['a colour that is not #rrggbb', { name: 'red', color: 'red' }, 'color', 400],
    ['an unknown field', { name: 'x', icon: 'star' }, 'icon', 400],
    ['a name already in use', { name: 'alpha' }, 'name', 409],
  ])('refuses %s naming the field, writing nothing', async (_what, body, field, status) => {
    const before = await count();
    const res = await api.call('POST', '/api/v1/tags', body);
    expect(res.statusCode, res.body).toBe(status);
    expect(fields(res)).toContain(field);
    expect(await count()).toBe(before);
  });

  it('renames a tag with If-Match, so every customer carrying it shows the new name; 412 when stale', async () => {
    const customer = await post('/api/v1/customers', { kind: 'company', name: 'Tagged Co', tags: ['renameme'] });
    const tag = (await api.call('GET', '/api/v1/tags?limit=200')).json().items.find((t: Tag) => t.name === 'renameme');
    const renamed = await api.call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'renamed', color: '#123abc' }, { 'if-match': `"v${tag.version}"` });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'renamed', color: '#123abc', version: tag.version + 1 });
    expect(await customerTags(customer.id)).toEqual(['renamed']);
    const stale = await api.call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'lost' }, { 'if-match': `"v${tag.version}"` });
    expect(stale.statusCode).toBe(412);
    const clash = await api.call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'alpha' });
    expect(clash.statusCode).toBe(409);
    expect(fields(clash)).toEqual(['name']);
    expect((await api.call('GET', `/api/v1/tags/${tag.id}`)).json().name).toBe('renamed');
    const uncolour = await api.call('PATCH', `/api/v1/tags/${tag.id}`, { color: null });
    expect(uncolour.json()).toMatchObject({ name: 'renamed', color: null });
  });

  it('hides a deleted tag from lists and customers, and brings it back on restore', async () => {
    const customer = await post('/api/v1/customers', { kind: 'person', name: 'Binned Tag Person', tags: ['temporary', 'lasting'] });
    const tag = (await api.call('GET', '/api/v1/tags?limit=200')).json().items.find((t: Tag) => t.name === 'temporary');
    expect((await api.call('DELETE', `/api/v1/tags/${tag.id}`, undefined, { 'if-match': '"v0"' })).statusCode).toBe(412);
    expect((await api.call('DELETE', `/api/v1/tags/${tag.id}`, undefined, { 'if-match': `"v${tag.version}"` })).statusCode).toBe(204);
    expect((await api.call('GET', `/api/v1/tags/${tag.id}`)).statusCode).toBe(404);
    expect(await allNames()).not.toContain('temporary');
    expect(await allNames('&includeDeleted=true')).toEqual(['temporary']);
    expect(await customerTags(customer.id)).toEqual(['lasting']);
    const restored = await api.call('POST', `/api/v1/tags/${tag.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(await customerTags(customer.id)).toEqual(['lasting', 'temporary']);
  });

  it('will not restore a tag whose name another tag took meanwhile (409)', async () => {
    const old = await newTag('reused');
    await api.call('DELETE', `/api/v1/tags/${old.id}`);
    await newTag('reused');
    const res = await api.call('POST', `/api/v1/tags/${old.id}/restore`);
    expect(res.statusCode).toBe(409);
    expect(fields(res)).toEqual(['name']);
    expect((await api.call('GET', `/api/v1/tags?includeDeleted=true&limit=200`)).json().items.map((t: Tag) => t.id)).toContain(old.id);
  });

  it('answers 404 for an unknown id and 403 to a read-only token on writes', async () => {
    expect((await api.call('GET', '/api/v1/tags/987654')).statusCode).toBe(404);
    expect((await api.call('PATCH', '/api/v1/tags/987654', { name: 'x' })).statusCode).toBe(404);
    expect((await api.call('DELETE', '/api/v1/tags/987654')).statusCode).toBe(404);
    const email = `reader-${Date.now()}@example.com`;
    await api.userToken('admin', email);
    const { token } = await createToken(api.deps, { email, scope: 'read' }, null);
    const tag = await newTag('read only target');
    const before = await count();
    expect((await api.call('GET', '/api/v1/tags', undefined, {}, token)).statusCode).toBe(200);
    expect((await api.call('POST', '/api/v1/tags', { name: 'nope' }, {}, token)).statusCode).toBe(403);
    expect((await api.call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'nope' }, {}, token)).statusCode).toBe(403);
    expect((await api.call('DELETE', `/api/v1/tags/${tag.id}`, undefined, {}, token)).statusCode).toBe(403);
    expect(await count()).toBe(before);
    expect((await api.call('GET', `/api/v1/tags/${tag.id}`)).json().name).toBe('read only target');
  });

  it('leaves renaming, recolouring, deleting and restoring a tag to managers and admins; a rep tags what they may change and creates tags', async () => {
    const rep = await api.userToken('sales');
    const manager = await api.userToken('manager');
    const hidden = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Hidden tagco', tags: ['global'], ownerId: null })).json();
    const tag = ((await api.call('GET', '/api/v1/tags?limit=200')).json().items as Tag[]).find((t) => t.name === 'global') as Tag;
    const binned = await newTag('binned');
    expect((await api.call('DELETE', `/api/v1/tags/${binned.id}`)).statusCode).toBe(204);
    const stored = async () => JSON.stringify(await api.deps.db.selectFrom('tags').selectAll().orderBy('id').execute());
    const before = await stored();
    for (const [method, url, body] of [
      ['PATCH', `/api/v1/tags/${tag.id}`, { name: 'renamed by a rep' }],
      ['PATCH', `/api/v1/tags/${tag.id}`, { color: '#ff0000' }],
      ['DELETE', `/api/v1/tags/${tag.id}`, undefined],
      ['POST', `/api/v1/tags/${binned.id}/restore`, undefined],
    ] as const) {
      const res = await api.call(method, url, body, {}, rep.token);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(res.json().detail).toContain('manager or an admin');
    }
    expect(await stored(), 'no tag changed').toBe(before);
    expect(await customerTags(hidden.id)).toEqual(['global']);

    const own = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Own tagco', tags: ['global', 'brand new by tagging'] }, {}, rep.token)).json();
    expect(own.tags).toEqual(['brand new by tagging', 'global']);
    expect((await api.call('POST', '/api/v1/tags', { name: 'made by a rep' }, {}, rep.token)).statusCode).toBe(201);

    const renamed = await api.call('PATCH', `/api/v1/tags/${tag.id}`, { name: 'renamed by a manager' }, {}, manager.token);
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await customerTags(hidden.id)).toEqual(['renamed by a manager']);
    expect((await api.call('POST', `/api/v1/tags/${binned.id}/restore`, undefined, {}, manager.token)).statusCode).toBe(200);
  });
});
