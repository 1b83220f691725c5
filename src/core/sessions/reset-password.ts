import { AppError, validationError } from '../../domain/errors.ts';
import type { PasswordResetInput, ResetLinkUserShape } from '../../domain/password-reset.ts';
import { passwordError } from '../../domain/user.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { hashToken } from '../tokens/token-hash.ts';
import { hashPassword } from '../users/password-hash.ts';
import { revokeSessions } from './sessions.repository.ts';

// One answer for unknown, used and expired links and disabled users: the link tells nobody which.
const invalidLink = () =>
  new AppError('validation', {
    message: 'this password reset link is invalid, used or expired; ask an administrator for a new one',
    messageCode: 'session.reset_link_invalid',
    errors: [{ field: 'token', message: 'is invalid, used or expired', code: 'session.reset_link_invalid' }],
  });

async function liveLink(deps: Deps, token: string) {
  const row = await deps.db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['password_resets.id', 'password_resets.expires_at', 'password_resets.used_at', 'users.id as user_id', 'users.name', 'users.email', 'users.disabled'])
    .where('password_resets.token_hash', '=', hashToken(token))
    .executeTakeFirst();
  if (!row || row.used_at !== null || row.disabled || Date.parse(String(row.expires_at)) <= deps.clock.now().getTime()) throw invalidLink();
  return row;
}

/** Whose password a reset link sets, so the page can greet them; the same error as a reset for a dead link. */
export async function checkResetLink(deps: Deps, token: string): Promise<ResetLinkUserShape> {
  const row = await liveLink(deps, token);
  return { name: row.name, email: row.email, expiresAt: new Date(String(row.expires_at)).toISOString() };
}

/** Sets a new password with a reset link, once: the link is used up and the user's sessions end. */
export async function resetPassword(deps: Deps, input: PasswordResetInput, ip?: string): Promise<void> {
  const link = await liveLink(deps, input.token);
  const weak = passwordError('password', input.password);
  if (weak) throw validationError([weak]);
  const hash = await hashPassword(input.password);
  // The user acts on their own account; the audit log names them.
  const ctx = { ...deps, actor: { userId: link.user_id, ...(ip === undefined ? {} : { ip }) } };
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    // Only one of two simultaneous uses of the link wins.
    const used = await tx.db.updateTable('password_resets').set({ used_at: now }).where('id', '=', link.id).where('used_at', 'is', null).executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) throw invalidLink();
    await tx.db.updateTable('users').set({ password_hash: hash, updated_at: now }).where('id', '=', link.user_id).execute();
    const sessions = await revokeSessions(tx, link.user_id);
    await recordAudit(tx, { action: 'permission_change', entity: 'user', entityId: link.user_id, changes: { password: ['(hidden)', '(reset with a link)'], sessions: [sessions, 0] } });
  });
}
