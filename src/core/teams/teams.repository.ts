import type { TeamShape } from '../../domain/team.ts';
import type { Deps } from '../context.ts';

export const teamsQuery = (deps: Pick<Deps, 'db'>) =>
  deps.db
    .selectFrom('teams')
    .leftJoin('teams as parent', 'parent.id', 'teams.parent_id')
    .leftJoin('users as manager', 'manager.id', 'teams.manager_id')
    .select((eb) => [
      'teams.id',
      'teams.name',
      'teams.parent_id',
      'parent.name as parent',
      'teams.manager_id',
      'manager.name as manager',
      'teams.created_at',
      'teams.updated_at',
      eb.selectFrom('users').select((s) => s.fn.countAll<number>().as('n')).whereRef('users.team_id', '=', 'teams.id').as('members'),
    ]);

type TeamRow = Awaited<ReturnType<ReturnType<typeof teamsQuery>['executeTakeFirstOrThrow']>>;

export const toTeam = (row: TeamRow): TeamShape => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  parent: row.parent,
  managerId: row.manager_id,
  manager: row.manager,
  members: Number(row.members ?? 0),
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function loadTeam(deps: Pick<Deps, 'db'>, id: number): Promise<TeamShape | null> {
  const row = await teamsQuery(deps).where('teams.id', '=', id).executeTakeFirst();
  return row ? toTeam(row) : null;
}

export async function teamExists(deps: Pick<Deps, 'db'>, id: number): Promise<boolean> {
  return (await deps.db.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** Each team's parent, for walking the tree in memory (teams are few). */
export async function parentMap(deps: Pick<Deps, 'db'>): Promise<Map<number, number | null>> {
  const rows = await deps.db.selectFrom('teams').select(['id', 'parent_id']).execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}
