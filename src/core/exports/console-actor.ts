import { validationError } from '../../domain/errors.ts';
import { actorOfUser } from '../access/actor-of-user.ts';
import { userIdByEmail } from '../users/find-user.ts';
import type { Actor, Deps } from '../context.ts';

/** The operator at the console sees every record, as an admin does; the audit names no user. */
export const CONSOLE_READER: Actor = { userId: 0, role: 'admin', teamId: null, canWrite: false };

/** The actor of an enabled user, found by e-mail, so a console export sees exactly what they see (read only). */
export async function actorForEmail(deps: Deps, email: string, field = 'as'): Promise<Actor> {
  const id = await userIdByEmail(deps, email).catch(() => null);
  if (id === null) throw validationError([{ field, message: `no user with the e-mail ${email}` }]);
  const actor = await actorOfUser(deps, id, () => validationError([{ field, message: `${email} is disabled` }]));
  return { ...actor, canWrite: false };
}
