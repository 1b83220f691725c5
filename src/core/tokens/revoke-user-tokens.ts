import { recordAuditEntries, type AuditCtx, type AuditEvent } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';

/** What "revoke all" did: the ids of the tokens it revoked (revoked or expired ones stay as they were). */
export interface RevokedTokens {
  userId: number;
  revoked: number[];
}

/**
 * Revokes every active API token of one user at once, in one transaction, with an audit entry
 * per token. `actor` is who asked: the user, an admin, or the console.
 */
export async function revokeUserTokens(deps: Deps, userId: number, actor: AuditCtx['actor']): Promise<RevokedTokens> {
  const now = nowIso(deps);
  return inTransaction(deps, async (tx) => {
    const rows = await tx.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .returning('id')
      .execute();
    const revoked = rows.map((r) => r.id).sort((a, b) => a - b);
    const entries = revoked.map((id): AuditEvent => ({ action: 'token_revoke', entity: 'api_token', entityId: id, changes: { revokedAt: [null, now], allOfUser: [null, userId] } }));
    await recordAuditEntries({ ...tx, actor }, entries);
    return { userId, revoked };
  });
}
