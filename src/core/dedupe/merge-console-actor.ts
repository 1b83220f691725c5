import { AppError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';

/** Merges from the console are recorded under the first active admin: the audit log names a real user. */
export async function consoleMergeActor(deps: Deps): Promise<Actor> {
  const admin = await deps.db
    .selectFrom('users')
    .select(['id', 'team_id'])
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .orderBy('id')
    .executeTakeFirst();
  if (!admin) {
    throw new AppError('conflict', { message: 'merging needs an admin to record it under; create one with `kehu users add --role admin`' });
  }
  return { userId: Number(admin.id), role: 'admin', teamId: admin.team_id, canWrite: true };
}
