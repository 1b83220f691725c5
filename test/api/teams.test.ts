import { beforeAll, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../support/api.ts';
import { forEachDialect } from '../support/databases.ts';

forEachDialect('teams API', (db) => {
  let api: TestApi;
  let sales: { token: string; userId: number };
  beforeAll(async () => {
    api = await createTestApi(db());
    sales = await api.userToken('sales');
  });

  const create = async (body: Record<string, unknown>) => {
    const res = await api.call('POST', '/api/v1/teams', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number; name: string };
  };
  const patch = (id: number, body: Record<string, unknown>) => api.call('PATCH', `/api/v1/teams/${id}`, body);
  const joinTeam = (userId: number, teamId: number | null) => api.call('PATCH', `/api/v1/users/${userId}`, { teamId });

  it('adds nested teams with a manager, and lists them with parent, manager and members for everyone', async () => {
    const manager = await api.userToken('manager');
    const north = await create({ name: ' 华北 区 ', managerId: manager.userId });
    const beijing = await create({ name: '北京', parentId: north.id });
    expect(north.name).toBe('华北 区');
    await joinTeam(sales.userId, beijing.id);

    const got = (await api.call('GET', `/api/v1/teams/${beijing.id}`)).json();
    expect(got).toMatchObject({ id: beijing.id, name: '北京', parentId: north.id, parent: '华北 区', managerId: null, manager: null, members: 1 });
    const list = await api.call('GET', '/api/v1/teams', undefined, {}, sales.token);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((t: { id: number }) => t.id === north.id)).toMatchObject({ managerId: manager.userId, manager: 'Test manager', members: 0 });
    expect((await api.call('GET', '/api/v1/teams/999999')).statusCode).toBe(404);
  });

  it('lets only an admin change teams', async () => {
    const team = await create({ name: 'Admins only' });
    expect((await api.call('POST', '/api/v1/teams', { name: 'By a rep' }, {}, sales.token)).statusCode).toBe(403);
    expect((await api.call('PATCH', `/api/v1/teams/${team.id}`, { name: 'Renamed by a rep' }, {}, sales.token)).statusCode).toBe(403);
    expect((await api.call('DELETE', `/api/v1/teams/${team.id}`, undefined, {}, sales.token)).statusCode).toBe(403);
    expect((await api.call('GET', `/api/v1/teams/${team.id}`)).json().name).toBe('Admins only');
  });

  it('refuses a parent below the team itself (a loop), itself, unknown references and taken names', async () => {
    const top = await create({ name: 'Top' });
    const middle = await create({ name: 'Middle', parentId: top.id });
    const bottom = await create({ name: 'Bottom', parentId: middle.id });
    const loop = await patch(top.id, { parentId: bottom.id });
    expect(loop.statusCode).toBe(400);
    expect(loop.json().errors[0]).toMatchObject({ field: 'parentId' });
    expect(loop.json().detail).toMatch(/loop/);
    const self = await patch(middle.id, { parentId: middle.id });
    expect(self.statusCode).toBe(400);
    expect(self.json().errors[0].message).toBe('a team cannot be its own parent');
    expect((await api.call('GET', `/api/v1/teams/${top.id}`)).json().parentId).toBeNull();

    expect((await patch(bottom.id, { parentId: 999999 })).json().errors[0].field).toBe('parentId');
    const noManager = await api.call('POST', '/api/v1/teams', { name: 'Unmanaged', managerId: 999999 });
    expect(noManager.statusCode).toBe(400);
    expect(noManager.json().errors[0].field).toBe('managerId');
    const taken = await api.call('POST', '/api/v1/teams', { name: 'Top' });
    expect(taken.statusCode).toBe(409);
    expect((await patch(bottom.id, { name: 'Middle' })).statusCode).toBe(409);
    expect((await patch(bottom.id, {})).statusCode).toBe(400);
    // moving a team up the tree is fine
    expect((await patch(bottom.id, { parentId: top.id })).json()).toMatchObject({ parentId: top.id, parent: 'Top' });
  });

  it('gives a new manager their team’s customers at once, and records who changed it', async () => {
    const rep = await api.userToken('sales');
    const manager = await api.userToken('manager');
    const team = await create({ name: 'Shanghai' });
    await joinTeam(rep.userId, team.id);
    const customer = (await api.call('POST', '/api/v1/customers', { kind: 'company', name: '上海明珠' }, {}, rep.token)).json();
    expect((await api.call('GET', `/api/v1/customers/${customer.id}`, undefined, {}, manager.token)).statusCode).toBe(404);

    const changed = await patch(team.id, { managerId: manager.userId });
    expect(changed.json()).toMatchObject({ managerId: manager.userId, manager: 'Test manager' });
    expect((await api.call('GET', `/api/v1/customers/${customer.id}`, undefined, {}, manager.token)).statusCode).toBe(200);

    const entries = (await api.call('GET', `/api/v1/audit?entity=team&entityId=${team.id}`)).json().items;
    expect(entries.map((e: { action: string }) => e.action)).toEqual(['permission_change', 'create']);
    expect(entries[0].changes).toEqual({ managerId: [null, manager.userId] });

    expect((await patch(team.id, { managerId: null })).json().managerId).toBeNull();
    expect((await api.call('GET', `/api/v1/customers/${customer.id}`, undefined, {}, manager.token)).statusCode).toBe(404);
  });

  it('deletes only an empty team without child teams', async () => {
    const parent = await create({ name: 'To delete' });
    const child = await create({ name: 'Child of to delete', parentId: parent.id });
    const member = await api.userToken('viewer');
    await joinTeam(member.userId, child.id);

    const withMembers = await api.call('DELETE', `/api/v1/teams/${child.id}`);
    expect(withMembers.statusCode).toBe(409);
    expect(withMembers.json().detail).toMatch(/1 member/);
    const withChild = await api.call('DELETE', `/api/v1/teams/${parent.id}`);
    expect(withChild.statusCode).toBe(409);
    expect(withChild.json().detail).toMatch(/child teams/);

    await joinTeam(member.userId, null);
    expect((await api.call('DELETE', `/api/v1/teams/${child.id}`)).statusCode).toBe(204);
    expect((await api.call('DELETE', `/api/v1/teams/${parent.id}`)).statusCode).toBe(204);
    expect((await api.call('GET', `/api/v1/teams/${parent.id}`)).statusCode).toBe(404);
    expect((await api.call('DELETE', `/api/v1/teams/${parent.id}`)).statusCode).toBe(404);
    const [deleted] = (await api.call('GET', `/api/v1/audit?entity=team&entityId=${parent.id}&action=delete`)).json().items;
    expect(deleted.changes.name).toEqual(['To delete', null]);
  });
});
