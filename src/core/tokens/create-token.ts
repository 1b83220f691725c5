import type { FieldChanges } from '../../domain/audit.ts';
import { normaliseEmail } from '../../domain/email.ts';
import { notFound, codedError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { newToken } from './token-hash.ts';

export interface CreatedToken {
  id: number;
  token: string;
  name: string;
  scope: 'read' | 'write';
  userId: number;
  email: string;
  expiresAt: string | null;
}

/** Issues an API token for a user; the plain token is returned once and never stored. */
export async function createToken(
  deps: Deps,
  input: { email: string; name?: string; scope?: 'read' | 'write'; expiresAt?: string | null },
  createdBy: number | null,
): Promise<CreatedToken> {
  const email = normaliseEmail(input.email);
  const address = email.ok ? email.value : input.email;
  const user = await deps.db.selectFrom('users').select(['id', 'disabled']).where('email', '=', address).executeTakeFirst();
  if (!user) throw notFound('user', address);
  if (user.disabled) throw codedError('conflict', 'token.user_disabled', { email: address });
  const { token, hash, prefix } = newToken();
  const name = input.name?.trim() || 'api token';
  const scope = input.scope ?? 'write';
  const expiresAt = input.expiresAt ?? null;
  const row = await inTransaction(deps, async (tx) => {
    const inserted = await tx.db
      .insertInto('api_tokens')
      .values({ user_id: user.id, name, token_hash: hash, token_prefix: prefix, scope, expires_at: expiresAt, created_at: nowIso(deps), created_by: createdBy })
      .returning('id')
      .executeTakeFirstOrThrow();
    // Never the token or its hash: the log is readable by every admin.
    const changes: FieldChanges = { userId: [null, user.id], name: [null, name], scope: [null, scope], expiresAt: [null, expiresAt] };
    await recordAudit({ ...tx, actor: createdBy === null ? null : { userId: createdBy } }, { action: 'token_create', entity: 'api_token', entityId: inserted.id, changes });
    return inserted;
  });
  return { id: row.id, token, name, scope, userId: user.id, email: address, expiresAt };
}
