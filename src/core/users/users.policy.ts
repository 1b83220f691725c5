import { codedError } from '../../domain/errors.ts';
import { assertAdmin } from '../access/writes.ts';
import type { Actor, Deps } from '../context.ts';

/**
 * Who runs a user or team change: an admin through the API, or the operator at the console
 * (`npx kehu users …`), who acts for nobody in the database and so has a null actor.
 */
export type AdminCtx = Deps & { actor: Actor | null };

export function assertUserAdmin(actor: Actor | null): void {
  if (actor !== null) assertAdmin(actor);
}

/** Refuses a change that would leave no active admin to manage kehu. */
export async function assertKeepsAnAdmin(deps: Deps, userId: number): Promise<void> {
  const others = await deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .where('disabled', '=', false)
    .where('id', '!=', userId)
    .executeTakeFirstOrThrow();
  if (Number(others.n) === 0) {
    throw codedError('conflict', 'user.last_admin');
  }
}
