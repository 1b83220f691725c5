import { validationError } from '../../domain/errors.ts';
import type { PasswordChangeInput } from '../../domain/session.ts';
import { passwordProblem } from '../../domain/user.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from '../users/password-hash.ts';
import { checkUnderThrottle } from './check-under-throttle.ts';
import { revokeSessions } from './sessions.repository.ts';

/** Changes the caller's password after checking the current one, and signs out their other sessions. */
export async function changePassword(ctx: Ctx, input: PasswordChangeInput, currentSessionId: number | null): Promise<void> {
  const weak = passwordProblem(input.newPassword);
  if (weak) throw validationError([{ field: 'newPassword', message: weak }]);
  const row = await ctx.db.selectFrom('users').select('password_hash').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  const stored = row.password_hash;
  if (!(await checkUnderThrottle(ctx, async () => stored !== null && (await verifyPassword(input.currentPassword, stored))))) {
    throw validationError([{ field: 'currentPassword', message: 'is not your current password' }]);
  }
  const hash = await hashPassword(input.newPassword);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('users').set({ password_hash: hash, updated_at: nowIso(tx) }).where('id', '=', ctx.actor.userId).execute();
    await revokeSessions(tx, ctx.actor.userId, currentSessionId === null ? {} : { except: currentSessionId });
    await recordAudit(tx, { action: 'update', entity: 'user', entityId: ctx.actor.userId, changes: { password: ['(hidden)', '(changed)'] } });
  });
}
