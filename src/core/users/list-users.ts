import { notFound } from '../../domain/errors.ts';
import type { UserListItemShape, UserShape } from '../../domain/user.ts';
import type { Ctx, Deps } from '../context.ts';
import { loadUser, toUser, toUserBrief, usersQuery } from './users.repository.ts';

/** Every user, for the console. */
export async function listUsers(deps: Deps): Promise<UserShape[]> {
  const rows = await usersQuery(deps).orderBy('users.id').execute();
  return rows.map(toUser);
}

/**
 * Users as the caller may see them: an admin gets everyone with every field; anyone else the
 * active users' names, e-mails, roles and teams, enough for owner and assignee pickers.
 */
export async function listUsersFor(ctx: Ctx): Promise<UserListItemShape[]> {
  const isAdmin = ctx.actor.role === 'admin';
  const rows = await usersQuery(ctx)
    .$if(!isAdmin, (q) => q.where('users.disabled', '=', false))
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  const users = rows.map(toUser);
  return isAdmin ? users : users.map(toUserBrief);
}

/** One user as the caller may see them; a disabled user is not found except by an admin. */
export async function getUser(ctx: Ctx, id: number): Promise<UserListItemShape> {
  const user = await loadUser(ctx, id);
  if (ctx.actor.role === 'admin' && user) return user;
  if (!user || user.disabled) throw notFound('user', id);
  return user.id === ctx.actor.userId ? user : toUserBrief(user);
}

export async function countUsers(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
