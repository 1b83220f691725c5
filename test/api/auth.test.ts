import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { openDatabase, type Database } from '../../src/core/db/create-db.ts';
import { createUser } from '../../src/core/users/create-user.ts';
import { setPassword } from '../../src/core/users/set-password.ts';
import { buildApp } from '../../src/server/app.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const PASSWORD = 'correct horse battery';
let counter = 0;

forEachDialect('sign-in with sessions', (db) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi(db());
  });

  /** A new sales rep with a password, signing in from their own address so counters do not mix. */
  const person = async () => {
    const email = `rep${++counter}-${Date.now()}@example.com`;
    await createUser(api.deps, { email, name: 'Rep', role: 'sales', password: PASSWORD }, null);
    return { email, ip: `10.0.${counter}.1` };
  };

  const login = (app: FastifyInstance, email: string, password: string, ip: string) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password }, remoteAddress: ip });

  const cookieOf = (response: LightMyRequestResponse): string => {
    const header = String(response.headers['set-cookie']);
    return header.split(';')[0] ?? '';
  };

  const withCookie = (cookie: string, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    api.app.inject({ method, url, headers: { cookie, ...headers }, ...(payload === undefined ? {} : { payload: payload as object }) });

  const signIn = async () => {
    const who = await person();
    const response = await login(api.app, who.email, PASSWORD, who.ip);
    expect(response.statusCode).toBe(200);
    return { ...who, cookie: cookieOf(response), csrf: response.json().csrfToken as string };
  };

  it('gives an HttpOnly, SameSite=Lax cookie that opens the API', async () => {
    const who = await person();
    const response = await login(api.app, who.email.toUpperCase(), PASSWORD, who.ip);
    expect(response.statusCode).toBe(200);
    const header = String(response.headers['set-cookie']);
    expect(header).toMatch(/^kehu_session=[\w-]{40,};/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(header).not.toContain('Secure');
    expect(response.json().user).toMatchObject({ email: who.email, role: 'sales' });
    expect(response.json().csrfToken).toMatch(/^[\w-]{40,}$/);
    const cookie = cookieOf(response);
    expect((await withCookie(cookie, 'GET', '/api/v1/customers')).statusCode).toBe(200);
    const me = await withCookie(cookie, 'GET', '/api/v1/auth/me');
    expect(me.json()).toEqual({ user: response.json().user, csrfToken: response.json().csrfToken });
  });

  it('gives a cookie the same view of customers as an API token of the same person', async () => {
    const email = `manager${++counter}-${Date.now()}@example.com`;
    const manager = await api.userToken('manager', email);
    await setPassword(api.deps, email, PASSWORD);
    const rep = await api.userToken('sales');
    await api.call('POST', '/api/v1/customers', { kind: 'person', name: '钱七' }, {}, rep.token);
    const cookie = cookieOf(await login(api.app, email, PASSWORD, `10.0.${counter}.1`));
    const viaCookie = await withCookie(cookie, 'GET', '/api/v1/customers?limit=200');
    const viaToken = await api.call('GET', '/api/v1/customers?limit=200', undefined, {}, manager.token);
    expect(viaCookie.statusCode).toBe(200);
    expect(viaCookie.json().items).toEqual(viaToken.json().items);
  });

  it('keeps only a hash of the session token in the database', async () => {
    const { cookie } = await signIn();
    const token = decodeURIComponent(cookie.split('=')[1] ?? '');
    const rows = await db().db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.token_hash.includes(token))).toBe(false);
  });

  it('answers a wrong password and an unknown e-mail alike, without saying which', async () => {
    const who = await person();
    const wrong = await login(api.app, who.email, 'not the password', who.ip);
    const unknown = await login(api.app, `nobody-${counter}@example.com`, PASSWORD, who.ip);
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.json().detail).not.toMatch(/exist|unknown|no such/i);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const audit = await db().db.selectFrom('audit_log').select(['action', 'ip']).where('action', '=', 'login_failed').where('ip', '=', who.ip).execute();
    expect(audit).toHaveLength(2);
  });

  it('slows brute force after five failures, then locks even the right password until the time has passed', async () => {
    const who = await person();
    for (let i = 0; i < 5; i++) expect((await login(api.app, who.email, `guess ${i}`, who.ip)).statusCode).toBe(401);
    const slowed = await login(api.app, who.email, PASSWORD, who.ip);
    expect(slowed.statusCode).toBe(429);
    expect(Number(slowed.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(slowed.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    // from another address too: the account itself is slowed, not just the address
    expect((await login(api.app, who.email, PASSWORD, '10.9.9.9')).statusCode).toBe(429);

    api.clock.advance(10 * 60_000);
    for (let i = 0; i < 4; i++) expect((await login(api.app, who.email, `more ${i}`, who.ip)).statusCode).toBe(429);
    api.clock.advance(14 * 60_000);
    const locked = await login(api.app, who.email, PASSWORD, '10.9.9.8');
    expect(locked.statusCode).toBe(429);
    // the slow-down alone would be over (the first failures left the window); the lock is not
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    api.clock.advance(Number(locked.headers['retry-after']) * 1000);
    expect((await login(api.app, who.email, PASSWORD, '10.9.9.7')).statusCode).toBe(200);
  });

  it('slows an address that tries many accounts, but not for accounts that signed in from it before', async () => {
    const ip = '10.77.0.1';
    const regular = await person();
    expect((await login(api.app, regular.email, PASSWORD, ip)).statusCode).toBe(200);
    const sprayed = await Promise.all(Array.from({ length: 30 }, (_, i) => login(api.app, `someone${i}-${counter}@example.com`, 'guess', ip)));
    expect(sprayed.every((r) => r.statusCode === 401)).toBe(true);
    const newcomer = await person();
    expect((await login(api.app, newcomer.email, PASSWORD, ip)).statusCode).toBe(429);
    expect((await login(api.app, newcomer.email, PASSWORD, newcomer.ip)).statusCode).toBe(200);
    expect((await login(api.app, regular.email, PASSWORD, ip)).statusCode).toBe(200);
  }, 120_000);

  it('refuses a cookie write without the CSRF token and accepts it with one', async () => {
    const { cookie, csrf } = await signIn();
    const body = { kind: 'person', name: '赵敏' };
    const bare = await withCookie(cookie, 'POST', '/api/v1/customers', body);
    expect(bare.statusCode).toBe(403);
    expect(bare.json().detail).toMatch(/CSRF/);
    expect((await withCookie(cookie, 'POST', '/api/v1/customers', body, { 'x-csrf-token': `${csrf.slice(0, -1)}x` })).statusCode).toBe(403);
    expect((await withCookie(cookie, 'POST', '/api/v1/customers', body, { 'x-csrf-token': csrf })).statusCode).toBe(201);
    // bearer tokens need no CSRF token: browsers never send them on their own
    expect((await api.call('POST', '/api/v1/customers', body)).statusCode).toBe(201);
  });

  it('logs out: the cookie stops working and is cleared', async () => {
    const { cookie, csrf } = await signIn();
    const out = await withCookie(cookie, 'POST', '/api/v1/auth/logout', undefined, { 'x-csrf-token': csrf });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^kehu_session=;.*Max-Age=0/);
    expect((await withCookie(cookie, 'GET', '/api/v1/customers')).statusCode).toBe(401);
  });

  it('lists my sessions and revokes one, or all of them', async () => {
    const first = await signIn();
    const second = await login(api.app, first.email, PASSWORD, first.ip);
    const secondCookie = cookieOf(second);
    const listed = await withCookie(first.cookie, 'GET', '/api/v1/auth/sessions');
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items as Array<{ id: number; current: boolean; ip: string }>;
    expect(items).toHaveLength(2);
    expect(items.filter((s) => s.current)).toHaveLength(1);
    expect(items.every((s) => s.ip === first.ip)).toBe(true);
    const other = items.find((s) => !s.current);

    const revoked = await withCookie(first.cookie, 'DELETE', `/api/v1/auth/sessions/${other?.id}`, undefined, { 'x-csrf-token': first.csrf });
    expect(revoked.statusCode).toBe(204);
    expect((await withCookie(secondCookie, 'GET', '/api/v1/customers')).statusCode).toBe(401);
    expect((await withCookie(first.cookie, 'GET', '/api/v1/customers')).statusCode).toBe(200);
    // someone else's session is not mine to see or end
    const stranger = await signIn();
    expect((await withCookie(stranger.cookie, 'DELETE', `/api/v1/auth/sessions/${items[0]?.id}`, undefined, { 'x-csrf-token': stranger.csrf })).statusCode).toBe(404);

    const third = cookieOf(await login(api.app, first.email, PASSWORD, first.ip));
    const all = await withCookie(first.cookie, 'POST', '/api/v1/auth/sessions/revoke-all', undefined, { 'x-csrf-token': first.csrf });
    expect(all.statusCode).toBe(200);
    expect(all.json()).toEqual({ revoked: 2 });
    expect((await withCookie(first.cookie, 'GET', '/api/v1/customers')).statusCode).toBe(401);
    expect((await withCookie(third, 'GET', '/api/v1/customers')).statusCode).toBe(401);
    expect((await withCookie(stranger.cookie, 'GET', '/api/v1/customers')).statusCode).toBe(200);
  });

  it('changes the password with the current one and signs out the other sessions', async () => {
    const me = await signIn();
    const other = cookieOf(await login(api.app, me.email, PASSWORD, me.ip));
    const csrf = { 'x-csrf-token': me.csrf };
    const wrong = await withCookie(me.cookie, 'POST', '/api/v1/auth/password', { currentPassword: 'nope', newPassword: 'a much better one' }, csrf);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('currentPassword');
    const weak = await withCookie(me.cookie, 'POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'short' }, csrf);
    expect(weak.statusCode).toBe(400);
    expect(weak.json().errors[0].field).toBe('newPassword');
    const changed = await withCookie(me.cookie, 'POST', '/api/v1/auth/password', { currentPassword: PASSWORD, newPassword: 'a much better one' }, csrf);
    expect(changed.statusCode).toBe(204);
    expect((await withCookie(me.cookie, 'GET', '/api/v1/customers')).statusCode).toBe(200);
    expect((await withCookie(other, 'GET', '/api/v1/customers')).statusCode).toBe(401);
    expect((await login(api.app, me.email, PASSWORD, me.ip)).statusCode).toBe(401);
    expect((await login(api.app, me.email, 'a much better one', me.ip)).statusCode).toBe(200);
  });

  it('records sign-ins in the audit log', async () => {
    const { ip } = await signIn();
    const rows = await db().db.selectFrom('audit_log').select(['action', 'actor_id']).where('ip', '=', ip).execute();
    expect(rows.map((r) => r.action)).toEqual(['login']);
    expect(rows[0]?.actor_id).not.toBeNull();
  });

  it('sends security headers and no CORS headers', async () => {
    for (const response of [await api.call('GET', '/api/v1/customers'), await api.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }), await api.app.inject({ method: 'GET', url: '/healthz', headers: { origin: 'https://evil.example' } })]) {
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(String(response.headers['content-security-policy'])).toContain("default-src 'self'");
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  describe('behind an HTTPS proxy', () => {
    let proxied: FastifyInstance;
    beforeAll(async () => {
      proxied = await buildApp({ deps: api.deps, trustProxy: true });
    });
    afterAll(() => proxied.close());

    it('marks the cookie Secure and sends Strict-Transport-Security', async () => {
      const who = await person();
      const response = await proxied.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: who.email, password: PASSWORD }, headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': who.ip } });
      expect(response.statusCode).toBe(200);
      expect(String(response.headers['set-cookie'])).toContain('Secure');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    });
  });

  describe('two servers on one database', () => {
    let second: FastifyInstance;
    let secondDb: Database;
    beforeAll(async () => {
      secondDb = openDatabase({ url: db().url, dataDir: db().dataDir });
      second = await buildApp({ deps: { ...api.deps, db: secondDb.db, dialect: secondDb.dialect } });
    });
    afterAll(async () => {
      await second.close();
      await secondDb.close();
    });

    it('share sessions and brute-force counters', async () => {
      const { cookie, csrf } = await signIn();
      const read = await second.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
      expect(read.statusCode).toBe(200);
      expect(read.json().csrfToken).toBe(csrf);
      expect((await second.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': csrf } })).statusCode).toBe(204);
      expect((await withCookie(cookie, 'GET', '/api/v1/customers')).statusCode).toBe(401);

      const who = await person();
      for (let i = 0; i < 5; i++) await login(i % 2 ? second : api.app, who.email, `guess ${i}`, who.ip);
      expect((await login(second, who.email, PASSWORD, who.ip)).statusCode).toBe(429);
    });
  });
});
