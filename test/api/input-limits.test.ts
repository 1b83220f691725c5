import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// Input no route was written for: nested beyond reason, oversized, hostile. Each gets a clear
// 4xx naming what and where, never a 500, and changes nothing.

forEachDialect('hostile request bodies', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });
  const json = { 'content-type': 'application/json' };
  const customers = async () => (await db().db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;

  it('refuses JSON nested thousands of levels deep with a 400 naming where', async () => {
    for (const depth of [5_000, 100_000]) {
      const objects = `{"kind":"person","name":"Deep","custom":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
      const arrays = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const body of [objects, arrays]) {
        const response = await api.call('POST', '/api/v1/customers', body, json);
        expect(response.statusCode, response.body.slice(0, 200)).toBe(400);
        expect(response.json().detail).toMatch(/nested too deeply/);
      }
    }
    const deep = await api.call('POST', '/api/v1/customers', `{"kind":"person","name":"Deep","custom":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}`, json);
    expect(deep.json().errors[0].field).toMatch(/^custom\.a\.a\.a/);
    expect(await customers()).toBe(0);
  });

  it('still takes ordinary nesting', async () => {
    const response = await api.call('POST', '/api/v1/customers', { kind: 'person', name: '王五', phones: [{ value: '13812345678', label: 'mobile' }] });
    expect(response.statusCode).toBe(201);
  });
});
