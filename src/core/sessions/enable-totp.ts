import { codedError, codedField, validationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { claimTotpStep, issueRecoveryCodes, totpSecretOf } from './totp.repository.ts';
import { matchTotp } from './totp.ts';
import { ownUserId } from '../access/console-actor.ts';

/** Turns two-factor sign-in on once a current code proves the app holds the secret; returns the recovery codes. */
export async function enableTotp(ctx: Ctx, code: string): Promise<{ recoveryCodes: string[] }> {
  const userId = ownUserId(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const { secret, enabled } = await totpSecretOf(tx, userId);
    if (enabled) throw codedError('conflict', 'totp.already_on');
    if (!secret) throw codedError('conflict', 'totp.setup_first');
    const step = matchTotp(secret, code.replace(/\s/g, ''), tx.clock.now());
    if (step === null || !(await claimTotpStep(tx, userId, step))) {
      throw validationError([codedField('code', 'totp.wrong_code')]);
    }
    await tx.db.updateTable('users').set({ totp_enabled: true, updated_at: nowIso(tx) }).where('id', '=', userId).execute();
    const recoveryCodes = await issueRecoveryCodes(tx, userId);
    await recordAudit(tx, { action: 'permission_change', entity: 'user', entityId: userId, changes: { totpEnabled: [false, true] } });
    return { recoveryCodes };
  });
}
