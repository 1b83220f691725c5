import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users/create-user.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

interface Token {
  id: number;
  name: string;
  prefix: string;
  scope: 'read' | 'write';
  userId: number;
  email: string;
  status: string;
  token?: string;
}

const PASSWORD = 'a long enough password';
let counter = 0;

forEachDialect('API tokens API', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const create = async (body: unknown, token?: string): Promise<Token> => {
    const res = await api.call('POST', '/api/v1/tokens', body, {}, token);
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };
  const list = async (token?: string): Promise<Token[]> => {
    const res = await api.call('GET', '/api/v1/tokens', undefined, {}, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const me = (token: string) => api.call('GET', '/api/v1/auth/me', undefined, {}, token);

  it('creates a token shown once that then works as a Bearer token', async () => {
    const rep = await api.userToken('sales');
    const created = await create({ name: 'erp sync' }, rep.token);
    expect(created.token).toMatch(/^kehu_/);
    expect(created).toMatchObject({ name: 'erp sync', scope: 'write', userId: rep.userId, status: 'active' });
    expect(created.token!.startsWith(created.prefix)).toBe(true);
    expect((await me(created.token!)).statusCode).toBe(200);
    const listed = (await list(rep.token)).find((t) => t.id === created.id)!;
    expect(listed).toMatchObject({ name: 'erp sync', prefix: created.prefix });
    expect(JSON.stringify(await list(rep.token))).not.toContain(created.token);
    expect(Object.keys(listed)).not.toContain('token');
    expect(Object.keys(listed).some((k) => /hash/i.test(k))).toBe(false);
  });

  it('shows a user their own tokens and an admin everyone’s, with the user’s e-mail', async () => {
    const a = await api.userToken('sales');
    const b = await api.userToken('sales');
    const ta = await create({ name: 'a token' }, a.token);
    const tb = await create({ name: 'b token' }, b.token);
    const seenByA = await list(a.token);
    expect(seenByA.every((t) => t.userId === a.userId)).toBe(true);
    expect(seenByA.map((t) => t.id)).toContain(ta.id);
    expect(seenByA.map((t) => t.id)).not.toContain(tb.id);
    const seenByAdmin = await list();
    expect(seenByAdmin.find((t) => t.id === tb.id)).toMatchObject({ userId: b.userId, email: tb.email, name: 'b token' });
    expect(seenByAdmin.find((t) => t.id === ta.id)).toBeDefined();
  });

  it('lets an admin create a token for another user, but not a rep', async () => {
    const a = await api.userToken('sales');
    const b = await api.userToken('sales');
    const forB = await create({ userId: b.userId, readOnly: true });
    expect(forB).toMatchObject({ userId: b.userId, scope: 'read' });
    expect((await list(b.token)).map((t) => t.id)).toContain(forB.id);
    const refused = await api.call('POST', '/api/v1/tokens', { userId: b.userId }, {}, a.token);
    expect(refused.statusCode).toBe(403);
  });

  it('revokes a token so that it stops working at once', async () => {
    const rep = await api.userToken('sales');
    const created = await create({}, rep.token);
    expect((await me(created.token!)).statusCode).toBe(200);
    const res = await api.call('DELETE', `/api/v1/tokens/${created.id}`, undefined, {}, rep.token);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: created.id, status: 'revoked' });
    expect((await me(created.token!)).statusCode).toBe(401);
    expect((await list(rep.token)).find((t) => t.id === created.id)?.status).toBe('revoked');
    const audit = await api.deps.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity', '=', 'api_token').where('entity_id', '=', created.id).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'token_create', actor_id: rep.userId },
      { action: 'token_revoke', actor_id: rep.userId },
    ]);
  });

  it('answers 404 for someone else’s token and leaves it working; an admin may revoke it', async () => {
    const a = await api.userToken('sales');
    const b = await api.userToken('sales');
    const tb = await create({}, b.token);
    const res = await api.call('DELETE', `/api/v1/tokens/${tb.id}`, undefined, {}, a.token);
    expect(res.statusCode).toBe(404);
    expect((await me(tb.token!)).statusCode).toBe(200);
    const byAdmin = await api.call('DELETE', `/api/v1/tokens/${tb.id}`);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect((await me(tb.token!)).statusCode).toBe(401);
  });

  it('refuses a read-only token to create or revoke tokens', async () => {
    const rep = await api.userToken('sales');
    const readOnly = await create({ readOnly: true }, rep.token);
    const before = (await list(rep.token)).length;
    for (const body of [{}, { readOnly: true }]) {
      const res = await api.call('POST', '/api/v1/tokens', body, {}, readOnly.token);
      expect(res.statusCode, res.body).toBe(403);
    }
    expect((await api.call('DELETE', `/api/v1/tokens/${readOnly.id}`, undefined, {}, readOnly.token)).statusCode).toBe(403);
    expect((await list(rep.token)).length).toBe(before);
  });

  it('revokes all of one’s own active tokens at once, for every role, each on record, and no one else’s', async () => {
    const bystander = await api.userToken('sales');
    for (const role of ['admin', 'manager', 'sales'] as const) {
      const person = await api.userToken(role);
      const second = await create({ name: 'second' }, person.token);
      const readOnly = await create({ readOnly: true }, person.token);
      const expiring = await create({ expiresAt: new Date(api.clock.now().getTime() + 60_000).toISOString() }, person.token);
      api.clock.advance(120_000);

      expect((await api.call('POST', '/api/v1/tokens/revoke-all', undefined, {}, readOnly.token)).statusCode, role).toBe(403);
      expect((await me(person.token)).statusCode, role).toBe(200);

      const res = await api.call('POST', '/api/v1/tokens/revoke-all', undefined, {}, person.token);
      expect(res.statusCode, `${role}: ${res.body}`).toBe(200);
      const { userId, revoked } = res.json() as { userId: number; revoked: number[] };
      expect(userId).toBe(person.userId);
      expect(revoked, role).toHaveLength(3);
      expect(revoked).toEqual(expect.arrayContaining([second.id, readOnly.id]));
      expect(revoked).not.toContain(expiring.id);
      for (const token of [person.token, second.token!, readOnly.token!]) expect((await me(token)).statusCode, role).toBe(401);
      expect((await me(bystander.token)).statusCode).toBe(200);
      expect((await me(api.token)).statusCode).toBe(200);
      const audit = await api.deps.db.selectFrom('audit_log').select(['entity_id', 'actor_id']).where('action', '=', 'token_revoke').where('entity_id', 'in', revoked).orderBy('entity_id').execute();
      expect(audit).toEqual([...revoked].sort((a, b) => a - b).map((id) => ({ entity_id: id, actor_id: person.userId })));
    }
  });

  it('lets a viewer revoke all their tokens from their session, and says so when there were none', async () => {
    const email = `viewer${++counter}-${Date.now()}@example.com`;
    const viewer = await createUser(api.deps, { email, name: 'Viewer', role: 'viewer', password: PASSWORD }, null);
    const forViewer = await create({ userId: viewer.id, readOnly: true });
    const login = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD }, remoteAddress: `10.9.${counter}.2` });
    expect(login.statusCode, login.body).toBe(200);
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrfToken as string };
    const revokeAll = () => api.app.inject({ method: 'POST', url: '/api/v1/tokens/revoke-all', headers });
    const res = await revokeAll();
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ userId: viewer.id, revoked: [forViewer.id] });
    expect((await me(forViewer.token!)).statusCode).toBe(401);
    expect((await revokeAll()).json()).toEqual({ userId: viewer.id, revoked: [] });
  });

  it('lets a signed-in user create a token with their session', async () => {
    const email = `session${++counter}-${Date.now()}@example.com`;
    await createUser(api.deps, { email, name: 'Rep', role: 'sales', password: PASSWORD }, null);
    const login = await api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password: PASSWORD }, remoteAddress: `10.9.${counter}.1` });
    expect(login.statusCode, login.body).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const res = await api.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie, 'x-csrf-token': login.json().csrfToken }, payload: { name: 'from the web' } });
    expect(res.statusCode, res.body).toBe(201);
    expect((await me(res.json().token)).statusCode).toBe(200);
  });

  describe('bad input', () => {
    const fields = (res: { json(): { errors?: Array<{ field: string }> } }) => (res.json().errors ?? []).map((e) => e.field).join(' ');
    it.each([['not a date'], ['2027-13-45T99:00:00Z'], [42]])('answers 400 naming expiresAt for %j, and creates nothing', async (expiresAt) => {
      const before = (await list()).length;
      const res = await api.call('POST', '/api/v1/tokens', { expiresAt });
      expect(res.statusCode, res.body).toBe(400);
      expect(fields(res)).toContain('expiresAt');
      expect((await list()).length).toBe(before);
    });
    it('answers 400 for an expiry in the past', async () => {
      const res = await api.call('POST', '/api/v1/tokens', { expiresAt: new Date(api.clock.now().getTime() - 1000).toISOString() });
      expect(res.statusCode, res.body).toBe(400);
      expect(fields(res)).toContain('expiresAt');
    });
    it('an expired token is listed as expired and no longer works', async () => {
      const created = await create({ expiresAt: new Date(api.clock.now().getTime() + 3_600_000).toISOString() });
      expect((await me(created.token!)).statusCode).toBe(200);
      api.clock.advance(2 * 3_600_000);
      expect((await me(created.token!)).statusCode).toBe(401);
      expect((await list()).find((t) => t.id === created.id)?.status).toBe('expired');
    });
  });
});
