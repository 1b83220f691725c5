import { normaliseEmail } from '../../domain/email.ts';
import { notFound, validationError } from '../../domain/errors.ts';
import { passwordProblem } from '../../domain/user.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { revokeSessions } from '../sessions/sessions.repository.ts';
import { hashPassword } from './password-hash.ts';

/** An administrator sets someone's password (from the console); their sessions end. */
export async function setPassword(deps: Deps, emailInput: string, password: string): Promise<void> {
  const weak = passwordProblem(password);
  if (weak) throw validationError([{ field: 'password', message: weak }]);
  const email = normaliseEmail(emailInput);
  const user = await deps.db.selectFrom('users').select('id').where('email', '=', email.ok ? email.value : emailInput).executeTakeFirst();
  if (!user) throw notFound('user', emailInput);
  const hash = await hashPassword(password);
  await inTransaction(deps, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, updated_at: nowIso(tx) }).where('id', '=', user.id).execute();
    await revokeSessions(tx, user.id);
  });
}
