import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../../src/core/tokens/create-token.ts';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

const PASSWORD = 'correct horse battery';
let counter = 0;

forEachDialect('users administration API', (db) => {
  let api: TestApi;
  let sales: { token: string; userId: number };
  let adminId: number;
  beforeAll(async () => {
    api = await createTestApi(db());
    sales = await api.userToken('sales');
    adminId = (await db().db.selectFrom('users').select('id').where('role', '=', 'admin').executeTakeFirstOrThrow()).id;
  });

  const email = (who: string) => `${who}${++counter}@example.com`;
  const addUser = async (body: Record<string, unknown>, token?: string): Promise<LightMyRequestResponse> => api.call('POST', '/api/v1/users', body, {}, token);
  const login = (address: string, password: string) =>
    api.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: address, password }, remoteAddress: `10.20.${counter}.1` });
  const cookieOf = (response: LightMyRequestResponse) => String(response.headers['set-cookie']).split(';')[0] ?? '';
  const withCookie = (cookie: string, url: string) => api.app.inject({ method: 'GET', url, headers: { cookie } });
  type Entry = { action: string; actorId: number | null; changes: Record<string, unknown[]> };
  /** A user's audit entries, newest first, without their sign-ins. */
  const auditOf = async (entityId: number) =>
    ((await api.call('GET', `/api/v1/audit?entity=user&entityId=${entityId}&limit=50`)).json().items as Entry[]).filter((e) => !e.action.startsWith('login'));
  const team = async (name: string) => (await api.call('POST', '/api/v1/teams', { name })).json().id as number;

  describe('the last active admin', () => {
    it('cannot be demoted or disabled, by themselves or anyone', async () => {
      const demote = await api.call('PATCH', `/api/v1/users/${adminId}`, { role: 'manager' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().detail).toMatch(/last active admin/);
      expect((await api.call('PATCH', `/api/v1/users/${adminId}`, { disabled: true })).statusCode).toBe(409);

      const second = (await addUser({ email: email('admin'), name: 'Second Admin', role: 'admin' })).json();
      expect((await api.call('PATCH', `/api/v1/users/${second.id}`, { disabled: true })).statusCode).toBe(200);
      // the other admin is disabled, so this one is still the last active one
      expect((await api.call('PATCH', `/api/v1/users/${adminId}`, { role: 'sales' })).statusCode).toBe(409);
      expect((await api.call('PATCH', `/api/v1/users/${second.id}`, { disabled: false })).statusCode).toBe(200);
      expect((await api.call('PATCH', `/api/v1/users/${second.id}`, { role: 'viewer' })).json()).toMatchObject({ role: 'viewer' });
      const me = (await api.call('GET', `/api/v1/users/${adminId}`)).json();
      expect(me).toMatchObject({ role: 'admin', disabled: false });
    });
  });

  describe('POST /api/v1/users', () => {
    it('adds a user in a team with a password they can sign in with, and records it without the password', async () => {
      const teamId = await team(`Sales East ${counter}`);
      const address = email('new');
      const res = await addUser({ email: address.toUpperCase(), name: ' 李 雷 ', role: 'sales', teamId, password: PASSWORD });
      expect(res.statusCode, res.body).toBe(201);
      const user = res.json();
      expect(user).toMatchObject({ email: address, name: '李 雷', role: 'sales', teamId, disabled: false, totpEnabled: false });
      expect(res.headers.location).toBe(`/api/v1/users/${user.id}`);
      expect((await login(address, PASSWORD)).statusCode).toBe(200);

      const [created] = await auditOf(user.id);
      expect(created).toMatchObject({ action: 'create', actorId: adminId, changes: { email: [null, address], role: [null, 'sales'], teamId: [null, teamId], password: [null, '(set)'] } });
      expect(JSON.stringify(created)).not.toContain(PASSWORD);
      expect(JSON.stringify(created)).not.toContain('scrypt');
    });

    it('refuses a weak password, an unknown team, a taken e-mail, and anyone but an admin', async () => {
      const weak = await addUser({ email: email('weak'), name: 'Weak', role: 'sales', password: 'short' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors).toContainEqual({ field: 'password', message: 'must be at least 10 characters', code: 'field.too_short', params: { limit: 10 } });
      const noTeam = await addUser({ email: email('noteam'), name: 'No Team', role: 'sales', teamId: 999999 });
      expect(noTeam.statusCode).toBe(400);
      expect(noTeam.json().errors[0].field).toBe('teamId');
      const badRole = await addUser({ email: email('role'), name: 'Role', role: 'owner' });
      expect(badRole.statusCode).toBe(400);
      expect(badRole.json().errors[0].field).toBe('role');
      const address = email('dup');
      expect((await addUser({ email: address, name: 'First', role: 'viewer' })).statusCode).toBe(201);
      const dup = await addUser({ email: address, name: 'Second', role: 'viewer' });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().errors).toContainEqual({ field: 'email', message: 'is already taken', code: 'field.taken' });
      expect((await addUser({ email: email('bysales'), name: 'X', role: 'sales' }, sales.token)).statusCode).toBe(403);
      const count = await db().db.selectFrom('users').select('email').where('email', 'like', 'weak%').execute();
      expect(count).toEqual([]);
    });
  });

  describe('GET /api/v1/users', () => {
    it('shows an admin everyone with every field, others only active users and the picker fields', async () => {
      const off = (await addUser({ email: email('off'), name: 'Off Duty', role: 'sales' })).json();
      await api.call('PATCH', `/api/v1/users/${off.id}`, { disabled: true });

      const all = (await api.call('GET', '/api/v1/users')).json().items;
      expect(all.find((u: { id: number }) => u.id === off.id)).toMatchObject({ disabled: true, totpEnabled: false });

      const seen = await api.call('GET', '/api/v1/users', undefined, {}, sales.token);
      expect(seen.statusCode).toBe(200);
      const items = seen.json().items as Array<Record<string, unknown>>;
      expect(items.map((u) => u.id)).not.toContain(off.id);
      expect(items.map((u) => u.id)).toContain(adminId);
      expect(Object.keys(items[0]!).sort()).toEqual(['email', 'id', 'name', 'role', 'team', 'teamId']);

      expect((await api.call('GET', `/api/v1/users/${off.id}`)).json()).toMatchObject({ id: off.id, disabled: true });
      expect((await api.call('GET', `/api/v1/users/${off.id}`, undefined, {}, sales.token)).statusCode).toBe(404);
      expect((await api.call('GET', `/api/v1/users/${adminId}`, undefined, {}, sales.token)).json()).toEqual(expect.objectContaining({ id: adminId, role: 'admin' }));
      expect((await api.call('GET', '/api/v1/users/999999')).statusCode).toBe(404);
    });
  });

  describe('PATCH /api/v1/users/{id}', () => {
    it('changes role and team as a permission change with before and after, and the new team decides what a manager sees', async () => {
      const managerEmail = email('mgr');
      const manager = (await addUser({ email: managerEmail, name: 'Manager', role: 'manager' })).json();
      const teamId = (await api.call('POST', '/api/v1/teams', { name: `Team of ${manager.id}`, managerId: manager.id })).json().id;
      const rep = await api.userToken('sales');
      const customer = (await api.call('POST', '/api/v1/customers', { kind: 'person', name: '韩梅梅' }, {}, rep.token)).json();
      const { token } = await createToken(api.deps, { email: managerEmail }, null);
      expect((await api.call('GET', `/api/v1/customers/${customer.id}`, undefined, {}, token)).statusCode).toBe(404);

      const moved = await api.call('PATCH', `/api/v1/users/${rep.userId}`, { teamId, role: 'sales', name: 'Rep Renamed' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({ teamId, name: 'Rep Renamed' });
      expect((await api.call('GET', `/api/v1/customers/${customer.id}`, undefined, {}, token)).statusCode).toBe(200);

      const promoted = await api.call('PATCH', `/api/v1/users/${rep.userId}`, { role: 'manager' });
      expect(promoted.json().role).toBe('manager');
      const [promotion, move] = await auditOf(rep.userId);
      expect(promotion).toMatchObject({ action: 'permission_change', actorId: adminId, changes: { role: ['sales', 'manager'] } });
      expect(move).toMatchObject({ action: 'permission_change', changes: { teamId: [null, teamId], name: ['Test sales', 'Rep Renamed'] } });
      expect(move!.changes).not.toHaveProperty('role');
    });

    it('disabling ends their sessions and stops their tokens; enabling lets the tokens work again', async () => {
      const address = email('leaver');
      const user = (await addUser({ email: address, name: 'Leaver', role: 'sales', password: PASSWORD })).json();
      const cookie = cookieOf(await login(address, PASSWORD));
      const { token } = await createToken(api.deps, { email: address }, null);
      expect((await withCookie(cookie, '/api/v1/customers')).statusCode).toBe(200);

      const off = await api.call('PATCH', `/api/v1/users/${user.id}`, { disabled: true });
      expect(off.json()).toMatchObject({ disabled: true });
      expect((await withCookie(cookie, '/api/v1/customers')).statusCode).toBe(401);
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(401);
      expect((await login(address, PASSWORD)).statusCode).toBe(401);
      const live = await db().db.selectFrom('sessions').select('id').where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
      expect(live).toEqual([]);

      await api.call('PATCH', `/api/v1/users/${user.id}`, { disabled: false });
      expect((await api.call('GET', '/api/v1/customers', undefined, {}, token)).statusCode).toBe(200);
      // the old session stays ended
      expect((await withCookie(cookie, '/api/v1/customers')).statusCode).toBe(401);
      const [enabled, disabled] = await auditOf(user.id);
      expect(disabled).toMatchObject({ action: 'permission_change', changes: { disabled: [false, true] } });
      expect(enabled).toMatchObject({ action: 'permission_change', changes: { disabled: [true, false] } });
    });

    it('refuses an empty patch, unknown fields, an unknown team or user, and non-admins', async () => {
      expect((await api.call('PATCH', `/api/v1/users/${sales.userId}`, {})).statusCode).toBe(400);
      const unknown = await api.call('PATCH', `/api/v1/users/${sales.userId}`, { password: PASSWORD });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().errors[0]).toEqual({ field: 'password', message: 'is not a known field', code: 'field.unknown' });
      const noTeam = await api.call('PATCH', `/api/v1/users/${sales.userId}`, { teamId: 999999 });
      expect(noTeam.statusCode).toBe(400);
      expect(noTeam.json().errors[0].field).toBe('teamId');
      expect((await api.call('PATCH', '/api/v1/users/999999', { name: 'Nobody' })).statusCode).toBe(404);
      const self = await api.call('PATCH', `/api/v1/users/${sales.userId}`, { role: 'admin' }, {}, sales.token);
      expect(self.statusCode).toBe(403);
      expect((await api.call('GET', `/api/v1/users/${sales.userId}`)).json().role).toBe('sales');
    });
  });

  describe('POST /api/v1/users/{id}/password', () => {
    it('sets the password, signs the user out everywhere and logs the change without the password', async () => {
      const address = email('forgot');
      const user = (await addUser({ email: address, name: 'Forgetful', role: 'sales', password: PASSWORD })).json();
      const cookie = cookieOf(await login(address, PASSWORD));
      const weak = await api.call('POST', `/api/v1/users/${user.id}/password`, { password: 'aaaaaaaaaaaa' });
      expect(weak.statusCode).toBe(400);
      expect(weak.json().errors[0]).toEqual({ field: 'password', message: 'is too repetitive: use at least 4 different characters', code: 'field.too_repetitive' });
      expect((await api.call('POST', `/api/v1/users/${user.id}/password`, { password: 'a new long secret' }, {}, sales.token)).statusCode).toBe(403);

      const set = await api.call('POST', `/api/v1/users/${user.id}/password`, { password: 'a new long secret' });
      expect(set.statusCode).toBe(204);
      expect((await withCookie(cookie, '/api/v1/customers')).statusCode).toBe(401);
      expect((await login(address, PASSWORD)).statusCode).toBe(401);
      expect((await login(address, 'a new long secret')).statusCode).toBe(200);
      const entry = (await auditOf(user.id)).find((e) => e.action === 'permission_change');
      expect(entry?.changes.password).toEqual(['(hidden)', '(changed)']);
      expect(JSON.stringify(entry)).not.toContain('a new long secret');
      expect((await api.call('POST', '/api/v1/users/999999/password', { password: 'a new long secret' })).statusCode).toBe(404);
    });
  });

  describe('GET /api/v1/auth/me', () => {
    it('shows the signed-in user with role, team and whether two-factor sign-in is on', async () => {
      const me = await api.call('GET', '/api/v1/auth/me', undefined, {}, sales.token);
      expect(me.statusCode).toBe(200);
      expect(me.json().user).toMatchObject({ id: sales.userId, role: 'sales', totpEnabled: false });
      expect(me.json().user).toHaveProperty('team');
    });
  });
});
