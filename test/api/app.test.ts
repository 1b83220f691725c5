import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { revokeToken } from '../../src/core/tokens/revoke-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('HTTP app', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  describe('public endpoints', () => {
    it('answers /healthz without a token', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/healthz' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ status: 'ok', backup: { lastBackupAt: null, lastRestoreTestAt: null } });
    });

    it('publishes an OpenAPI 3 document describing the customer routes and their errors', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/customers', '/api/v1/customers/{id}']));
      expect(doc.paths['/api/v1/customers'].post.requestBody.content['application/json'].schema.properties.name).toBeTruthy();
      expect(doc.paths['/api/v1/customers/{id}'].patch.responses['412']).toBeTruthy();
      expect(doc.components.securitySchemes.bearer.scheme).toBe('bearer');
    });

    it('serves browsable docs at /api/docs', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/docs/' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
    });

    it('answers an unknown route with problem+json', async () => {
      const res = await api.call('GET', '/api/v1/nothing-here');
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    });
  });

  describe('API tokens', () => {
    it('refuses a revoked token', async () => {
      const { token } = await api.userToken('sales');
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(200);
      await revokeToken(api.deps, token);
      const res = await api.call('GET', '/api/v1/customers', undefined, {}, token);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toContain('Bearer');
    });

    it('refuses an expired token', async () => {
      await api.userToken('sales', 'expiring@example.com');
      const expiresAt = new Date(api.clock.now().getTime() + 60_000).toISOString();
      const { token } = await createToken(api.deps, { email: 'expiring@example.com', expiresAt }, null);
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(200);
      api.clock.advance(120_000);
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(401);
    });

    it('lets a read-only token read but not write', async () => {
      await api.userToken('sales', 'reader@example.com');
      const { token } = await createToken(api.deps, { email: 'reader@example.com', scope: 'read' }, null);
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(200);
      const res = await api.call('POST', '/api/v1/customers', { kind: 'company', name: 'Nope Ltd' }, {}, token);
      expect(res.statusCode).toBe(403);
      expect(res.json().detail).toContain('read-only');
    });

    it('tells users apart by their tokens on every request', async () => {
      const first = await api.userToken('sales');
      const second = await api.userToken('sales');
      for (const user of [first, second, first]) {
        const res = await api.call('POST', '/api/v1/customers', { kind: 'person', name: `By ${user.userId}` }, {}, user.token);
        expect(res.json().createdBy).toBe(user.userId);
      }
    });

    it('refuses a malformed Authorization header', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/api/v1/customers', headers: { authorization: 'Bearer not-a-kehu-token' } });
      expect(res.statusCode).toBe(401);
    });
  });

  describe('input no database can store', () => {
    it('refuses a NUL character anywhere with 400 naming the field, writing nothing', async () => {
      const cases = [
        { res: await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Bad\u0000Name' }), field: 'name' },
        { res: await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Ok', phones: [{ value: '138\u00001234' }] }), field: 'phones[0].value' },
        { res: await api.call('GET', '/api/v1/customers?q=%00'), field: 'q' },
        { res: await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'a\u0000@example.com', password: 'whatever it is' } }), field: 'email' },
      ];
      for (const { res, field } of cases) {
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors).toEqual([{ field, message: expect.stringContaining('NUL'), code: 'request.nul' }]);
      }
      expect((await api.call('GET', '/api/v1/customers?q=Ok')).json().items).toEqual([]);
    });

    it('authenticates by the route the router matched, not the raw URL', async () => {
      const res = await api.app.inject({ method: 'GET', url: '/%61pi/v1/users' });
      expect(res.statusCode).toBe(401);
    });
  });
});

forEachDialect('times and dates at the boundary', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  it.each([
    ['/api/v1/customers?createdFrom=0000-01-01T00:00:00Z', 'createdFrom'],
    ['/api/v1/customers?createdFrom=2026-02-30T00:00:00Z', 'createdFrom'],
    ['/api/v1/customers?updatedTo=yesterday', 'updatedTo'],
  ])('refuses %s with 400 naming the field', async (url, field) => {
    const res = await api.call('GET', url);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe(field);
  });

  it('compares time filters as instants whatever their offset or precision', async () => {
    const created = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: 'Offset Person' })).json();
    const at = created.createdAt as string;
    const sameInstantInBeijing = new Date(Date.parse(at) + 8 * 3600_000).toISOString().replace('Z', '+08:00').replace('.000', '');
    const from = await api.call('GET', `/api/v1/customers?createdFrom=${encodeURIComponent(sameInstantInBeijing)}`);
    expect(from.json().items.map((c: { id: number }) => c.id)).toContain(created.id);
    const to = await api.call('GET', `/api/v1/customers?createdTo=${encodeURIComponent(sameInstantInBeijing)}`);
    expect(to.json().items.map((c: { id: number }) => c.id)).not.toContain(created.id);
  });
});
