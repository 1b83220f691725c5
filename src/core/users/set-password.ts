import { notFound, validationError } from '../../domain/errors.ts';
import { passwordError } from '../../domain/user.ts';
import { CONSOLE_ACTOR } from '../access/console-actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { revokeSessions } from '../sessions/sessions.repository.ts';
import { hashPassword } from './password-hash.ts';
import { assertUserAdmin, type AdminCtx } from './users.policy.ts';
import { userIdByEmail } from './find-user.ts';

/** An admin sets someone's password; all their sessions end ("signed out everywhere"). */
export async function setUserPassword(ctx: AdminCtx, id: number, password: string): Promise<void> {
  assertUserAdmin(ctx.actor);
  const weak = passwordError('password', password);
  if (weak) throw validationError([weak]);
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', id).executeTakeFirst();
  if (!user) throw notFound('user', id);
  const hash = await hashPassword(password);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, updated_at: nowIso(tx) }).where('id', '=', id).execute();
    const sessions = await revokeSessions(tx, id);
    // Never the password or its hash: the log is readable by every admin.
    await recordAudit(tx, { action: 'permission_change', entity: 'user', entityId: id, changes: { password: ['(hidden)', '(changed)'], sessions: [sessions, 0] } });
  });
}

/** The operator at the console sets someone's password by e-mail address. */
export async function setPassword(deps: Deps, emailInput: string, password: string): Promise<void> {
  const weak = passwordError('password', password);
  if (weak) throw validationError([weak]);
  await setUserPassword({ ...deps, actor: CONSOLE_ACTOR }, await userIdByEmail(deps, emailInput), password);
}
