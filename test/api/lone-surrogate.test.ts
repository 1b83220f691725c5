import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// A client that cuts text at a length (`name.slice(0, 6)`) can cut an emoji in two: JSON carries the
// half as \ud83c. Neither database can keep it: the name was silently stored with replacement
// characters instead, one on SQLite and three on PostgreSQL (the same workspace differed by database).
const cut = '青岛啤酒 🍺'.slice(0, 6);

forEachDialect('half a character (a lone surrogate) in input', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('is refused with 400 naming the field, and nothing is written', async () => {
    expect(cut.at(-1)).toBe('\ud83c');
    const cases = [
      { res: await api.call('POST', '/api/v1/customers', { kind: 'company', name: cut }), field: 'name' },
      { res: await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Low half', notes: 'x\udf7a' }), field: 'notes' },
    ];
    for (const { res, field } of cases) {
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([{ field, message: expect.stringContaining('half a character'), code: 'request.lone_surrogate' }]);
    }
    expect((await api.call('GET', `/api/v1/customers?q=${encodeURIComponent('青岛啤酒')}`)).json().items).toEqual([]);
    expect((await api.call('GET', '/api/v1/customers?q=Low')).json().items).toEqual([]);
  });

  it('a whole emoji is kept as it was sent', async () => {
    const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: '青岛啤酒 🍺' });
    expect(res.statusCode, res.body).toBe(201);
    expect((await api.call('GET', `/api/v1/customers/${res.json().id}`)).json().name).toBe('青岛啤酒 🍺');
  });
});
