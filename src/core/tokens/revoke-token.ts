import { notFound } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { hashToken, TOKEN_PREFIX } from './token-hash.ts';

/** Revokes a token given either its id or the token itself. */
export async function revokeToken(deps: Deps, idOrToken: string): Promise<{ id: number }> {
  const byToken = idOrToken.startsWith(TOKEN_PREFIX);
  if (!byToken && !/^\d+$/.test(idOrToken)) throw notFound('token', idOrToken);
  const now = nowIso(deps);
  return inTransaction(deps, async (tx) => {
    const row = await tx.db
      .updateTable('api_tokens')
      .set({ revoked_at: now })
      .$if(byToken, (q) => q.where('token_hash', '=', hashToken(idOrToken)))
      .$if(!byToken, (q) => q.where('id', '=', Number(idOrToken)))
      .where('revoked_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!row) throw notFound('active token', byToken ? `${idOrToken.slice(0, 11)}…` : idOrToken);
    // Revoking runs from the CLI today, so no user is named as the actor.
    await recordAudit({ ...tx, actor: null }, { action: 'token_revoke', entity: 'api_token', entityId: row.id, changes: { revokedAt: [null, now] } });
    return row;
  });
}

export async function listTokens(deps: Deps) {
  return deps.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.name', 'token_prefix as prefix', 'scope', 'users.email', 'expires_at as expiresAt', 'last_used_at as lastUsedAt', 'revoked_at as revokedAt', 'api_tokens.created_at as createdAt'])
    .orderBy('api_tokens.id')
    .execute();
}
