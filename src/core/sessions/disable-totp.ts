import { codedError, codedField, validationError } from '../../domain/errors.ts';
import type { TotpDisableInput } from '../../domain/totp.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { verifyPassword } from '../users/password-hash.ts';
import { checkUnderThrottle } from './check-under-throttle.ts';
import { clearTotp, totpSecretOf, verifySecondFactor } from './totp.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** Turns the caller's two-factor sign-in off, after their password or a code proves it is them. */
export async function disableTotp(ctx: Ctx, input: TotpDisableInput): Promise<void> {
  const userId = ownUserId(ctx.actor);
  if (!(await totpSecretOf(ctx, userId)).enabled) throw codedError('conflict', 'totp.not_on');
  const row = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', userId).executeTakeFirstOrThrow();
  // Guessing here meets the same slow-down and lock as guessing at the sign-in form.
  if (input.password !== undefined) {
    const password = input.password;
    if (!(await checkUnderThrottle(ctx, async () => row.password_hash !== null && (await verifyPassword(password, row.password_hash))))) {
      throw validationError([{ field: 'password', message: 'is not your current password', code: 'field.wrong_password' }]);
    }
  } else {
    const code = input.code;
    if (!(await checkUnderThrottle(ctx, async () => code !== undefined && (await verifySecondFactor(ctx, userId, code)) !== null, 'totp-wrong'))) {
      throw validationError([codedField('code', 'totp.wrong_code_or_recovery')]);
    }
  }
  await inTransaction(ctx, async (tx) => {
    await clearTotp(tx, userId);
    await recordAudit(tx, { action: 'permission_change', entity: 'user', entityId: userId, changes: { totpEnabled: [true, false] } });
  });
}
