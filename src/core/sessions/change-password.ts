import { validationError } from '../../domain/errors.ts';
import type { PasswordChangeInput } from '../../domain/session.ts';
import { passwordError } from '../../domain/user.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from '../users/password-hash.ts';
import { checkUnderThrottle } from './check-under-throttle.ts';
import { revokeSessions } from './sessions.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** Changes the caller's password after checking the current one, and signs out their other sessions. */
export async function changePassword(ctx: Ctx, input: PasswordChangeInput, currentSessionId: number | null): Promise<void> {
  const weak = passwordError('newPassword', input.newPassword);
  if (weak) throw validationError([weak]);
  const userId = ownUserId(ctx.actor);
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirstOrThrow();
  const stored = row.password_hash;
  if (!(await checkUnderThrottle(ctx, async () => stored !== null && (await verifyPassword(input.currentPassword, stored))))) {
    throw validationError([{ field: 'currentPassword', message: 'is not your current password', code: 'field.wrong_password' }]);
  }
  const hash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, updated_at: nowIso(tx) }).where('id', '=', userId).execute();
    await revokeSessions(tx, userId, currentSessionId === null ? {} : { except: currentSessionId });
    await recordAudit(tx, { action: 'update', entity: 'user', entityId: userId, changes: { password: ['(hidden)', '(changed)'] } });
  });
}
