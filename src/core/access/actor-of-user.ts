import { AppError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import { teamScope } from './team-scope.ts';

/**
 * The actor of a user by id, with their role and teams as they are now: how the console and
 * background jobs act as someone. A missing or disabled user is refused with `problem`.
 */
export async function actorOfUser(deps: Pick<Deps, 'db'>, userId: number | null | undefined, problem: () => AppError): Promise<Actor> {
  const user = userId == null ? undefined : await deps.db.selectFrom('users').select(['id', 'role', 'team_id', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user || user.disabled) throw problem();
  const base = { userId: Number(user.id), role: user.role, teamId: user.team_id === null ? null : Number(user.team_id) };
  return { ...base, teamIds: await teamScope(deps, base), canWrite: user.role !== 'viewer' };
}
