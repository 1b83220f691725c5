import { AppError } from '../../domain/errors.ts';
import { actorOfUser, firstAdminId } from '../access/actor-of-user.ts';
import type { Actor, Deps } from '../context.ts';

/** Merges from the console are recorded under the first active admin: the audit log names a real user. */
export async function consoleMergeActor(deps: Deps): Promise<Actor> {
  const problem = () => new AppError('conflict', { message: 'merging needs an admin to record it under; create one with `kehu users add --role admin`' });
  return actorOfUser(deps, await firstAdminId(deps), problem);
}
