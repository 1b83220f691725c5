import { createHash, randomBytes } from 'node:crypto';
import { nowIso, type Deps } from '../context.ts';
import { decrypt } from '../crypto/cipher.ts';
import { base32Decode, base32Encode, isTotpCode, matchTotp } from './totp.ts';

export const RECOVERY_CODE_COUNT = 8;

const normaliseRecoveryCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');
const hashRecoveryCode = (code: string) => createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex');

/** 80 random bits each, as XXXX-XXXX-XXXX-XXXX: a plain hash is enough at that strength. */
function newRecoveryCode(): string {
  return (base32Encode(randomBytes(10)).match(/.{4}/g) ?? []).join('-');
}

/** Replaces the user's recovery codes with fresh ones and returns them (the only time they are seen). */
export async function issueRecoveryCodes(deps: Deps, userId: number): Promise<string[]> {
  await deps.db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = nowIso(deps);
  await deps.db
    .insertInto('user_recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: hashRecoveryCode(code), created_at: now, used_at: null })))
    .execute();
  return codes;
}

/** Turns two-factor sign-in off: the secret and the recovery codes are gone. */
export async function clearTotp(deps: Deps, userId: number): Promise<void> {
  await deps.db.updateTable('users').set({ totp_secret_enc: null, totp_enabled: false, totp_last_step: null }).where('id', '=', userId).execute();
  await deps.db.deleteFrom('user_recovery_codes').where('user_id', '=', userId).execute();
}

export async function totpSecretOf(deps: Deps, userId: number): Promise<{ secret: Buffer | null; enabled: boolean }> {
  const row = await deps.db.selectFrom('users').select(['totp_secret_enc', 'totp_enabled']).where('id', '=', userId).executeTakeFirst();
  const secret = row?.totp_secret_enc ? base32Decode(decrypt(deps.crypto, row.totp_secret_enc)) : null;
  return { secret, enabled: Boolean(row?.totp_enabled) };
}

/**
 * Accepts the step of a TOTP code once: only a step later than the last accepted one moves
 * the marker, in one conditional update, so two requests with the same code cannot both win.
 */
export async function claimTotpStep(deps: Deps, userId: number, step: number): Promise<boolean> {
  const result = await deps.db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type SecondFactor = 'totp' | 'recovery';

/** Checks a TOTP code (never the same one twice) or uses up an unused recovery code. */
export async function verifySecondFactor(deps: Deps, userId: number, input: string): Promise<SecondFactor | null> {
  const code = input.replace(/\s/g, '');
  if (isTotpCode(code)) {
    const { secret, enabled } = await totpSecretOf(deps, userId);
    if (!secret || !enabled) return null;
    const step = matchTotp(secret, code, deps.clock.now());
    return step !== null && (await claimTotpStep(deps, userId, step)) ? 'totp' : null;
  }
  const result = await deps.db
    .updateTable('user_recovery_codes')
    .set({ used_at: nowIso(deps) })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashRecoveryCode(code))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? 'recovery' : null;
}
