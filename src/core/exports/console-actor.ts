import { validationError } from '../../domain/errors.ts';
import { teamScope } from '../access/team-scope.ts';
import type { Actor, Deps } from '../context.ts';

/** The operator at the console sees every record, as an admin does; the audit names no user. */
export const CONSOLE_READER: Actor = { userId: 0, role: 'admin', teamId: null, canWrite: false };

/** The actor of an enabled user, found by e-mail, so a console export sees exactly what they see. */
export async function actorForEmail(deps: Deps, email: string, field = 'as'): Promise<Actor> {
  const user = await deps.db
    .selectFrom('users')
    .select(['id', 'role', 'team_id', 'disabled'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  if (!user) throw validationError([{ field, message: `no user with the e-mail ${email}` }]);
  if (user.disabled) throw validationError([{ field, message: `${email} is disabled` }]);
  const base = { userId: Number(user.id), role: user.role, teamId: user.team_id === null ? null : Number(user.team_id) };
  return { ...base, teamIds: await teamScope(deps, base), canWrite: false };
}
