import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/core/context.ts';
import { setPassword } from '../../src/core/users/set-password.ts';
import { buildApp } from '../../src/server/app.ts';
import { FakeClock } from '../support/clock.ts';
import { forEachDialect } from '../support/databases.ts';
import { testKeyring } from '../support/keyring.ts';

const admin = { email: 'Boss@Example.com', name: '王老板', password: 'a long enough password' };

const cookieOf = (setCookie: string | string[] | undefined) => String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0] ?? '';

forEachDialect('first-run set-up', (db) => {
  let app: FastifyInstance;
  let deps: Deps;

  beforeAll(async () => {
    deps = { db: db().db, dialect: db().dialect, clock: new FakeClock(), settings: { defaultRegion: 'CN' }, crypto: testKeyring };
    app = await buildApp({ deps });
  });
  afterAll(() => app.close());

  it('says set-up is needed on an empty workspace, without signing in', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/setup' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ needed: true });
  });

  it('refuses a weak password, naming the field, and creates nobody', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...admin, password: 'short' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toContainEqual({ field: 'password', message: 'must be at least 10 characters', code: 'field.too_short', params: { limit: 10 } });
    expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: true });
  });

  describe('after the administrator is created', () => {
    let cookie = '';
    let csrf = '';

    beforeAll(async () => {
      const res = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: admin });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json().user).toMatchObject({ email: 'boss@example.com', name: '王老板', role: 'admin' });
      cookie = cookieOf(res.headers['set-cookie']);
      csrf = res.json().csrfToken;
    });

    it('is signed in at once with the session cookie', async () => {
      const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.email).toBe('boss@example.com');
    });

    it('no longer needs set-up, and a second set-up is refused', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/v1/setup' })).json()).toEqual({ needed: false });
      const again = await app.inject({ method: 'POST', url: '/api/v1/setup', payload: { ...admin, email: 'intruder@example.com' } });
      expect(again.statusCode).toBe(409);
      const intruder = await deps.db.selectFrom('users').select('id').where('email', '=', 'intruder@example.com').executeTakeFirst();
      expect(intruder).toBeUndefined();
    });

    it('loads the demo data once, for the admin, with the CSRF token', async () => {
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/demo' });
      expect(anonymous.statusCode).toBe(401);
      const noCsrf = await app.inject({ method: 'POST', url: '/api/v1/demo', headers: { cookie } });
      expect(noCsrf.statusCode).toBe(403);
      const loaded = await app.inject({ method: 'POST', url: '/api/v1/demo', headers: { cookie, 'x-csrf-token': csrf } });
      expect(loaded.statusCode, loaded.body).toBe(201);
      expect(loaded.json().customers).toBeGreaterThan(0);
      const list = await app.inject({ method: 'GET', url: '/api/v1/customers?limit=5', headers: { cookie } });
      expect(list.json().items).toHaveLength(5);
      const twice = await app.inject({ method: 'POST', url: '/api/v1/demo', headers: { cookie, 'x-csrf-token': csrf } });
      expect(twice.statusCode).toBe(409);
    }, 120_000);

    it('credits the new admin with nothing dated before their account existed', async () => {
      const boss = await deps.db.selectFrom('users').select(['id', 'created_at']).where('email', '=', 'boss@example.com').executeTakeFirstOrThrow();
      const since = new Date(boss.created_at).getTime();
      for (const table of ['customers', 'contacts', 'deals', 'orders', 'interactions', 'tasks'] as const) {
        const rows = await deps.db.selectFrom(table).select(['created_at', 'created_by']).execute();
        expect(rows.length, table).toBeGreaterThan(0);
        const early = rows.filter((r) => r.created_by === boss.id && new Date(r.created_at).getTime() < since);
        expect(early, table).toEqual([]);
      }
      const calls = await deps.db.selectFrom('interactions').innerJoin('users', 'users.id', 'interactions.created_by').select('users.email').where('interactions.type', '=', 'call').execute();
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every((c) => c.email.endsWith('@demo.kehu'))).toBe(true);
    });

    it('refuses the demo data to a sales rep', async () => {
      const rep = await deps.db.selectFrom('users').select('email').where('role', '=', 'sales').executeTakeFirstOrThrow();
      await setPassword(deps, rep.email, 'the rep password 123');
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: rep.email, password: 'the rep password 123' } });
      expect(login.statusCode).toBe(200);
      const res = await app.inject({ method: 'POST', url: '/api/v1/demo', headers: { cookie: cookieOf(login.headers['set-cookie']), 'x-csrf-token': login.json().csrfToken } });
      expect(res.statusCode).toBe(403);
    });
  });
});
