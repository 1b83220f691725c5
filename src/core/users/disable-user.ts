import { normaliseEmail } from '../../domain/email.ts';
import { notFound } from '../../domain/errors.ts';
import type { UserShape } from '../../domain/user.ts';
import { nowIso, type Deps } from '../context.ts';
import { toUser, usersQuery } from './users.repository.ts';

/** Disables (or re-enables) a user by email: their tokens stop working at once. */
export async function setUserDisabled(deps: Deps, emailInput: string, disabled: boolean): Promise<UserShape> {
  const email = normaliseEmail(emailInput);
  const address = email.ok ? email.value : emailInput;
  const now = nowIso(deps);
  const result = await deps.db.updateTable('users').set({ disabled, updated_at: now }).where('email', '=', address).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw notFound('user', address);
  return toUser(await usersQuery(deps).where('users.email', '=', address).executeTakeFirstOrThrow());
}
