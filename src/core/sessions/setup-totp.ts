import { codedError } from '../../domain/errors.ts';
import type { TotpSetupShape } from '../../domain/totp.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { encrypt } from '../crypto/cipher.ts';
import { base32Encode, newTotpSecret, otpauthUri } from './totp.ts';

/**
 * Starts two-factor enrolment: a new secret, encrypted at rest, that counts only once the
 * caller proves their app has it (enableTotp). Calling it again replaces a pending secret.
 */
export async function setupTotp(ctx: Ctx): Promise<TotpSetupShape> {
  return inTransaction(ctx, async (tx) => {
    const user = await tx.db.selectFrom('users').select(['email', 'totp_enabled']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
    if (user.totp_enabled) throw codedError('conflict', 'totp.already_on_setup');
    const secret = base32Encode(newTotpSecret());
    await tx.db.updateTable('users').set({ totp_secret_enc: encrypt(tx.crypto, secret), totp_last_step: null, updated_at: nowIso(tx) }).where('id', '=', ctx.actor.userId).execute();
    return { secret, uri: otpauthUri(user.email, secret) };
  });
}
