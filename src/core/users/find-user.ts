import { normaliseEmail } from '../../domain/email.ts';
import { notFound } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';

/** The id of the user with this e-mail address (any case), for console commands. */
export async function userIdByEmail(deps: Pick<Deps, 'db'>, emailInput: string): Promise<number> {
  const email = normaliseEmail(emailInput);
  const address = email.ok ? email.value : emailInput.trim();
  const user = await deps.db.selectFrom('users').select('id').where('email', '=', address).executeTakeFirst();
  if (!user) throw notFound('user', address);
  return user.id;
}
