import type { UserShape } from '../../domain/user.ts';
import type { Deps } from '../context.ts';
import { toUser, usersQuery } from './users.repository.ts';

export async function listUsers(deps: Deps): Promise<UserShape[]> {
  const rows = await usersQuery(deps).orderBy('users.id').execute();
  return rows.map(toUser);
}

export async function countUsers(deps: Deps): Promise<number> {
  const row = await deps.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}
