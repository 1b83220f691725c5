import { beforeAll, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { setPassword } from '../../src/core/users/set-password.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// Read-only means no writes of any kind: every write route of the OpenAPI document, tried with
// a read-only token (of an admin, who could do anything otherwise) and by a viewer, answers 403
// and changes nothing. A viewer's session keeps only the routes of its own sign-in.

const PASSWORD = 'viewer password 1';
// Signed out by design: a reset link's token is the credential (a wrong one is a 400 and changes nothing).
const PUBLIC = new Set(['POST /api/v1/auth/login', 'POST /api/v1/setup', 'POST /api/v1/auth/reset-password', 'POST /api/v1/auth/reset-password/check']);
// A POST that only reads (its body is a query too long for a URL): viewers and read-only tokens may ask it, and it changes nothing.
const READS = new Set(['POST /api/v1/segments/preview']);
const VIEWER_OWN_ACCOUNT = new Set([
  'POST /api/v1/auth/logout',
  'DELETE /api/v1/auth/sessions/{id}',
  'POST /api/v1/auth/sessions/revoke-all',
  'POST /api/v1/auth/password',
  'POST /api/v1/auth/totp/setup',
  'POST /api/v1/auth/totp/enable',
  'POST /api/v1/auth/totp/disable',
  'POST /api/v1/tokens',
  'DELETE /api/v1/tokens/{id}',
  'POST /api/v1/tokens/revoke-all',
]);
// Columns a read may move: when a token or session was last used.
const VOLATILE = new Set(['last_used_at', 'last_seen_at']);

forEachDialect('read-only tokens and viewers write nothing', (db) => {
  let api: TestApi;
  let readOnly: string;
  let viewerToken: string;
  let viewerSession: { cookie: string; csrf: string };
  let writeRoutes: Array<{ method: InjectOptions['method']; path: string }>;

  /** Every row of every table, as JSON, without the columns reads update. */
  const snapshot = async () => {
    const tables = (await db().db.introspection.getTables()).map((t) => t.name).filter((name) => !name.startsWith('kehu_')).sort();
    const dump: Record<string, unknown[]> = {};
    for (const table of tables) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any table, read whole
      const rows = await (db().db as any).selectFrom(table).selectAll().execute();
      dump[table] = rows.map((row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([key]) => !VOLATILE.has(key))));
      dump[table]!.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    }
    return JSON.stringify(dump);
  };

  beforeAll(async () => {
    api = await createTestApi(db());
    const admin = await api.deps.db.selectFrom('users').select('email').executeTakeFirstOrThrow();
    readOnly = (await createToken(api.deps, { email: admin.email, scope: 'read' }, null)).token;
    viewerToken = (await api.userToken('viewer', 'viewer@example.com')).token;
    await setPassword(api.deps, 'viewer@example.com', PASSWORD);
    const signedIn = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'viewer@example.com', password: PASSWORD } });
    viewerSession = { cookie: String(signedIn.headers['set-cookie']).split(';')[0] ?? '', csrf: signedIn.json().csrfToken };
    // Something of every kind to change, delete, merge or rescan, each with id 1 or more.
    const made = async (url: string, body: unknown) => {
      const response = await api.call('POST', url, body);
      expect(response.statusCode, `${url}: ${response.body}`).toBeLessThan(300);
      return response.json();
    };
    const customer = await made('/api/v1/customers', { kind: 'person', name: '王小明', phones: [{ value: '13812345678' }] });
    await made('/api/v1/customers', { kind: 'person', name: '王小明', phones: [{ value: '13812345678' }] });
    await made('/api/v1/contacts', { name: '李四', customerId: customer.id });
    await made('/api/v1/interactions', { customerId: customer.id, type: 'call' });
    await made('/api/v1/tasks', { title: 'Call back', customerId: customer.id });
    await made('/api/v1/orders', { customerId: customer.id, orderedAt: '2026-01-10T10:00:00Z', items: [{ product: 'Widget', quantity: 1, unitPrice: 100 }] });
    await made('/api/v1/tags', { name: 'VIP' });
    await made('/api/v1/teams', { name: 'North' });
    await made('/api/v1/custom-fields', { entity: 'customer', key: 'level', label: 'Level', type: 'text' });
    await made('/api/v1/duplicates/scan', {});
    // Each token and session once, so "last used" has settled before the snapshot.
    for (const token of [readOnly, viewerToken]) await api.call('GET', '/api/v1/customers', undefined, {}, token);
    const document = (await api.call('GET', '/api/v1/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    writeRoutes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((method) => ['post', 'put', 'patch', 'delete'].includes(method))
        .map((method) => ({ method: method.toUpperCase() as InjectOptions['method'], path }))
        .filter((route) => !PUBLIC.has(`${route.method} ${route.path}`) && !READS.has(`${route.method} ${route.path}`)),
    );
  });

  const url = (path: string) => path.replace(/\{[^}]+\}/g, '1');

  it('finds the write routes in the OpenAPI document', () => {
    expect(writeRoutes.length).toBeGreaterThan(50);
    expect(writeRoutes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['POST /api/v1/duplicates/scan', 'POST /api/v1/auth/password', 'POST /api/v1/auth/sessions/revoke-all']));
  });

  it('refuses every write route to a read-only token, and to a viewer’s token, changing nothing', async () => {
    const before = await snapshot();
    const allowed: string[] = [];
    for (const token of [readOnly, viewerToken]) {
      for (const route of writeRoutes) {
        const response = await api.app.inject({ method: route.method, url: url(route.path), headers: { authorization: `Bearer ${token}` }, payload: {} });
        if (response.statusCode !== 403) allowed.push(`${route.method} ${route.path} → ${response.statusCode}`);
      }
    }
    expect(allowed).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('lets a read-only token, a viewer’s token and a viewer’s session ask the POSTs that only read, changing nothing', async () => {
    const before = await snapshot();
    for (const key of READS) {
      const [method, path] = key.split(' ') as [InjectOptions['method'], string];
      const payload = { filter: { op: 'and', conditions: [{ field: 'city', operator: 'isNotEmpty' }] } };
      for (const headers of [{ authorization: `Bearer ${readOnly}` }, { authorization: `Bearer ${viewerToken}` }, { cookie: viewerSession.cookie, 'x-csrf-token': viewerSession.csrf }]) {
        const response = await api.app.inject({ method, url: url(path), headers, payload });
        expect(response.statusCode, `${key}: ${response.body}`).toBe(200);
      }
    }
    expect(await snapshot()).toBe(before);
  });

  it('refuses a viewer’s session every write but those of its own sign-in', async () => {
    const before = await snapshot();
    const allowed: string[] = [];
    for (const route of writeRoutes) {
      if (VIEWER_OWN_ACCOUNT.has(`${route.method} ${route.path}`)) continue;
      const headers = { cookie: viewerSession.cookie, 'x-csrf-token': viewerSession.csrf };
      const response = await api.app.inject({ method: route.method, url: url(route.path), headers, payload: {} });
      if (response.statusCode !== 403) allowed.push(`${route.method} ${route.path} → ${response.statusCode}`);
    }
    expect(allowed).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});
