import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { openDatabase, type Database } from '../../src/core/db/create-db.ts';
import { buildApp } from '../../src/server/app.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// Several kehu processes may serve one database: nothing that matters may live in process memory.
forEachDialect('two servers on one database', (db) => {
  let api: TestApi;
  let second: FastifyInstance;
  let secondDb: Database;
  beforeAll(async () => {
    api = await createTestApi(db());
    secondDb = openDatabase({ url: db().url, dataDir: db().dataDir });
    second = await buildApp({ deps: { ...api.deps, db: secondDb.db, dialect: secondDb.dialect } });
  });
  afterAll(async () => {
    await second.close();
    await secondDb.close();
  });

  it('share tokens, records and versions', async () => {
    const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '周杰' })).json();
    const headers = { authorization: `Bearer ${api.token}` };
    const read = await second.inject({ method: 'GET', url: `/api/v1/customers/${created.id}`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().name).toBe('周杰');
    const update = await second.inject({ method: 'PATCH', url: `/api/v1/customers/${created.id}`, headers: { ...headers, 'if-match': '"v1"' }, payload: { level: 'A' } });
    expect(update.statusCode).toBe(200);
    const stale = await api.call('PATCH', `/api/v1/customers/${created.id}`, { level: 'C' }, { 'if-match': '"v1"' });
    expect(stale.statusCode).toBe(412);
  });
});
