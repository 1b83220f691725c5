import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, expect, it } from 'vitest';
import { createResetLinkByEmail } from '../../src/core/users/create-reset-link.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { hashToken } from '../../src/core/tokens/token-hash.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

// "Forgot password": an admin makes a one-time, expiring link; the user sets a new password with it.

const OLD = 'the forgotten password';
const NEW = 'a brand new password';
let counter = 0;

forEachDialect('password reset links', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  const newUser = async (role: 'sales' | 'manager' = 'sales') => {
    const email = `forgetful${++counter}@example.com`;
    const user = await createUser(api.deps, { email, name: `健忘 ${counter}`, role, password: OLD }, null);
    return { id: user.id, email };
  };
  const login = (email: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: `10.30.${counter}.1` });
  const reset = (token: string, password = NEW) => api.app.inject({ method: 'POST', url: '/api/v1/auth/reset-password', payload: { token, password } });
  const check = (token: string) => api.app.inject({ method: 'POST', url: '/api/v1/auth/reset-password/check', payload: { token } });
  const makeLink = async (userId: number): Promise<{ token: string; body: Record<string, string> }> => {
    const res = await api.call('POST', `/api/v1/users/${userId}/reset-link`);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    return { token: String(body.path).split('#')[1] ?? '', body };
  };
  const expectInvalid = (res: LightMyRequestResponse) => {
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('session.reset_link_invalid');
  };

  it('an admin makes a link; it names the user, sets a new password once, and ends their sessions', async () => {
    const user = await newUser();
    const session = await login(user.email, OLD);
    const cookie = String(session.headers['set-cookie']).split(';')[0] ?? '';
    const { token, body } = await makeLink(user.id);
    expect(body.path).toMatch(/^\/reset-password#[\w-]{40,}$/);
    expect(Date.parse(body.expiresAt!) - api.clock.now().getTime()).toBe(24 * 3_600_000);

    // Only the token's hash is stored.
    const rows = await db().db.selectFrom('password_resets').select('token_hash').where('user_id', '=', user.id).execute();
    expect(rows).toEqual([{ token_hash: hashToken(token) }]);

    expect((await check(token)).json()).toMatchObject({ email: user.email });
    const weak = await reset(token, 'short');
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors).toContainEqual(expect.objectContaining({ field: 'password' }));
    expect((await reset(token)).statusCode).toBe(204);

    expect((await login(user.email, OLD)).statusCode).toBe(401);
    expect((await login(user.email, NEW)).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode).toBe(401);
    expectInvalid(await reset(token, 'yet another password'));
    expectInvalid(await check(token));

    const audit = (await api.call('GET', `/api/v1/audit?entity=user&entityId=${user.id}&limit=50`)).json().items as Array<{ actorId: number | null; changes: Record<string, unknown> }>;
    const made = audit.find((e) => 'passwordResetLink' in e.changes);
    const used = audit.find((e) => JSON.stringify(e.changes).includes('reset with a link'));
    expect(made).toBeDefined();
    expect(used?.actorId).toBe(user.id);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('expires after 24 hours, and a newer link ends the older one', async () => {
    const user = await newUser('manager');
    const first = await makeLink(user.id);
    const second = await makeLink(user.id);
    expectInvalid(await reset(first.token));
    api.clock.advance(24 * 3_600_000 + 1000);
    expectInvalid(await reset(second.token));
    expect((await login(user.email, OLD)).statusCode).toBe(200);
  });

  it('refuses unknown tokens, disabled users and everyone but admins, changing nothing', async () => {
    expectInvalid(await reset('not-a-real-token'));
    const user = await newUser();
    const { token } = await makeLink(user.id);
    await api.call('PATCH', `/api/v1/users/${user.id}`, { disabled: true });
    expectInvalid(await reset(token));
    expect((await api.call('POST', `/api/v1/users/${user.id}/reset-link`)).statusCode).toBe(409);

    const other = await newUser();
    for (const role of ['sales', 'manager', 'viewer'] as const) {
      const { token: their } = await api.userToken(role);
      expect((await api.call('POST', `/api/v1/users/${other.id}/reset-link`, undefined, {}, their)).statusCode).toBe(403);
    }
    expect((await api.call('POST', '/api/v1/users/999999/reset-link')).statusCode).toBe(404);
    const links = await db().db.selectFrom('password_resets').select('id').where('user_id', '=', other.id).execute();
    expect(links).toEqual([]);
  });

  it('the console makes a link by e-mail address', async () => {
    const user = await newUser();
    const link = await createResetLinkByEmail(api.deps, user.email.toUpperCase());
    expect(link.userId).toBe(user.id);
    expect((await reset(link.token)).statusCode).toBe(204);
    expect((await login(user.email, NEW)).statusCode).toBe(200);
  });
});

