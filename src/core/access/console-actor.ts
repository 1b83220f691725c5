import { codedError, codedField, validationError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import { userIdByEmail } from '../users/find-user.ts';
import { actorOfUser } from './actor-of-user.ts';

/**
 * The operator at the command line: sees and may change everything, as an admin does, but is no
 * user. What it creates has no creator and no default owner (new customers go to the pool), and
 * the audit log names it "console".
 */
export const CONSOLE_ACTOR: Actor = Object.freeze({ userId: null, role: 'admin', teamId: null, teamIds: [], canWrite: true, origin: 'console' });

/**
 * The console acting as the enabled user with this e-mail (`--as`): exactly their access, and the
 * audit log names them and the console. `field` is the flag the e-mail came from.
 */
export async function consoleActorAs(deps: Pick<Deps, 'db'>, email: string, field = '--as'): Promise<Actor> {
  const id = await userIdByEmail(deps, email).catch(() => null);
  if (id === null) throw validationError([codedField(field, 'user.no_such_email', { email })]);
  const actor = await actorOfUser(deps, id, () => validationError([codedField(field, 'user.disabled_email', { email })]));
  return { ...actor, origin: 'console' };
}

/** The console, or the user `--as` names. */
export const consoleActor = (deps: Pick<Deps, 'db'>, asEmail: string | undefined): Promise<Actor> =>
  asEmail === undefined ? Promise.resolve(CONSOLE_ACTOR) : consoleActorAs(deps, asEmail);

/** The actor's own user id, for what only a signed-in user has (sessions, a password, two-factor sign-in). */
export function ownUserId(actor: Actor): number {
  if (actor.userId === null) throw codedError('forbidden', 'console.no_account');
  return actor.userId;
}
