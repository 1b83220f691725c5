import { randomBytes } from 'node:crypto';
import { codedError, notFound } from '../../domain/errors.ts';
import { RESET_LINK_HOURS, resetLinkPath, type ResetLinkShape } from '../../domain/password-reset.ts';
import { CONSOLE_ACTOR } from '../access/console-actor.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Deps } from '../context.ts';
import { hashToken } from '../tokens/token-hash.ts';
import { userIdByEmail } from './find-user.ts';
import { assertUserAdmin, type AdminCtx } from './users.policy.ts';

/**
 * An admin makes a one-time link with which a user who forgot their password sets a new one.
 * The token is shown only now; the database keeps its SHA-256. A newer link ends the older ones.
 */
export async function createResetLink(ctx: AdminCtx, userId: number): Promise<ResetLinkShape & { token: string }> {
  assertUserAdmin(ctx.actor);
  const user = await ctx.db.selectFrom('users').select(['id', 'disabled']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('user', userId);
  if (user.disabled) throw codedError('conflict', 'user.disabled_reset_link');
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const expiresAt = new Date(now.getTime() + RESET_LINK_HOURS * 3_600_000).toISOString();
  await inTransaction(ctx, async (tx) => {
    const ended = await tx.db.updateTable('password_resets').set({ expires_at: now.toISOString() }).where('user_id', '=', userId).where('used_at', 'is', null).where('expires_at', '>', now.toISOString()).executeTakeFirst();
    await tx.db.insertInto('password_resets').values({ user_id: userId, token_hash: hashToken(token), created_at: now.toISOString(), created_by: ctx.actor?.userId ?? null, expires_at: expiresAt, used_at: null }).execute();
    await recordAudit(tx, { action: 'permission_change', entity: 'user', entityId: userId, changes: { passwordResetLink: [null, `until ${expiresAt}`], ...(Number(ended.numUpdatedRows) > 0 ? { earlierLinks: [Number(ended.numUpdatedRows), 0] } : {}) } });
  });
  return { userId, token, path: resetLinkPath(token), expiresAt };
}

/** The operator at the console makes a reset link for the user with this e-mail address. */
export async function createResetLinkByEmail(deps: Deps, email: string): Promise<ResetLinkShape & { token: string }> {
  return createResetLink({ ...deps, actor: CONSOLE_ACTOR }, await userIdByEmail(deps, email));
}
