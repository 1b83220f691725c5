import { sql } from 'kysely';
import type { Actor, Deps } from '../context.ts';

/**
 * The teams whose members' customers `user` sees, loaded once per request so the policy is a
 * plain `in (...)`. Only managers walk the tree (one recursive query); others cost nothing.
 */
export async function teamScope(deps: Pick<Deps, 'db'>, user: Pick<Actor, 'userId' | 'role' | 'teamId'>): Promise<number[]> {
  if (user.role === 'viewer') return user.teamId === null ? [] : [user.teamId];
  if (user.role !== 'manager') return [];
  const { rows } = await sql<{ id: number }>`
    with recursive scope(id) as (
      select id from teams where manager_id = ${user.userId} or id = ${user.teamId ?? -1}
      union
      select teams.id from teams join scope on teams.parent_id = scope.id
    )
    select id from scope`.execute(deps.db);
  return rows.map((row) => Number(row.id));
}
