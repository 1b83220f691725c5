import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('GET /api/v1/settings/workspace', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it('tells any signed-in user the region phones are read and shown in; nobody else', async () => {
    const viewer = await api.userToken('viewer');
    const res = await api.call('GET', '/api/v1/settings/workspace', undefined, {}, viewer.token);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ defaultRegion: 'CN' });
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/settings/workspace' })).statusCode).toBe(401);
  });
});
