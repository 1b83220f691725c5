import type { Ctx } from '../context.ts';
import { auditAttempt } from './login.ts';
import { claimAttempt, LoginThrottled, settleAttempt } from './login-throttle.ts';

/**
 * Runs a check of the signed-in user's own secret (their password to change it, a code to turn
 * two-factor sign-in off) under the sign-in brute-force counters, so a stolen session cannot
 * guess the password there instead. A failure is counted and audited; 429 while slowed.
 */
export async function checkUnderThrottle(ctx: Ctx, check: () => Promise<boolean>, factor?: 'totp-wrong'): Promise<boolean> {
  const userId = ctx.actor.userId;
  const { email } = await ctx.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow();
  const ip = ctx.actor.ip ?? '';
  const claim = await claimAttempt(ctx, { email, ip });
  if (claim.retryAfterSeconds !== null) throw new LoginThrottled(claim.retryAfterSeconds);
  if (await check()) {
    await settleAttempt(ctx, claim.attemptId, 'void');
    return true;
  }
  await auditAttempt(ctx, { email, ip, userId, ok: false, ...(factor ? { factor } : {}) });
  return false;
}
