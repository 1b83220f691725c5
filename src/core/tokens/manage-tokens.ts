import type { ApiToken, ApiTokenCreate } from '../../domain/token.ts';
import { codedError, codedField, notFound, validationError } from '../../domain/errors.ts';
import type { MessageCode } from '../../domain/messages.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { createToken } from './create-token.ts';
import { revokeUserTokens, type RevokedTokens } from './revoke-user-tokens.ts';

/**
 * API tokens managed over HTTP: everyone manages their own, an admin everyone's. A token never
 * mints a broader one: requests made with a read-only token may neither create nor revoke.
 */

const forbidden = (code: MessageCode) => codedError('forbidden', code);

function assertMayManage(ctx: Ctx, viaToken: boolean): void {
  if (viaToken && !ctx.actor.canWrite) throw forbidden('token.read_only_manage');
}

const statusOf = (t: { revokedAt: string | null; expiresAt: string | null }, now: number): ApiToken['status'] =>
  t.revokedAt ? 'revoked' : t.expiresAt && Date.parse(t.expiresAt) <= now ? 'expired' : 'active';

function tokenQuery(ctx: Ctx) {
  return ctx.db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id',
      'api_tokens.name',
      'api_tokens.token_prefix as prefix',
      'api_tokens.scope',
      'api_tokens.user_id as userId',
      'users.email',
      'api_tokens.expires_at as expiresAt',
      'api_tokens.last_used_at as lastUsedAt',
      'api_tokens.revoked_at as revokedAt',
      'api_tokens.created_at as createdAt',
    ])
    .$if(ctx.actor.role !== 'admin', (q) => q.where('api_tokens.user_id', '=', ctx.actor.userId));
}

/** The actor's own tokens, or every token for an admin; newest first. */
export async function listTokensFor(ctx: Ctx): Promise<ApiToken[]> {
  const rows = await tokenQuery(ctx).orderBy('api_tokens.id', 'desc').execute();
  const now = ctx.clock.now().getTime();
  return rows.map((row) => ({ ...row, status: statusOf(row, now) }));
}

async function tokenFor(ctx: Ctx, id: number): Promise<ApiToken> {
  const row = await tokenQuery(ctx).where('api_tokens.id', '=', id).executeTakeFirst();
  // Someone else's token is "not found", so ids reveal nothing.
  if (!row) throw notFound('token', id);
  return { ...row, status: statusOf(row, ctx.clock.now().getTime()) };
}

/** Issues a token for the actor, or (admins only) for another user; the token is shown once. */
export async function issueToken(ctx: Ctx, input: ApiTokenCreate, options: { viaToken: boolean }): Promise<ApiToken & { token: string }> {
  assertMayManage(ctx, options.viaToken);
  const userId = input.userId ?? ctx.actor.userId;
  if (userId !== ctx.actor.userId && ctx.actor.role !== 'admin') throw forbidden('token.admin_for_others');
  let expiresAt: string | null = null;
  if (input.expiresAt) {
    const time = Date.parse(input.expiresAt);
    if (Number.isNaN(time)) throw validationError([codedField('expiresAt', 'token.expires_form', { value: input.expiresAt })]);
    if (time <= ctx.clock.now().getTime()) throw validationError([codedField('expiresAt', 'token.expires_past', { value: new Date(time).toISOString() })]);
    expiresAt = new Date(time).toISOString();
  }
  const user = await ctx.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst();
  if (!user) throw validationError([codedField('userId', 'field.no_such', { entity: 'user', id: String(userId) })]);
  const name = input.name?.trim();
  const created = await createToken(
    ctx,
    { email: user.email, scope: input.readOnly ? 'read' : 'write', expiresAt, ...(name ? { name } : {}) },
    ctx.actor.userId,
  );
  return { ...(await tokenFor(ctx, created.id)), token: created.token };
}

/** Revokes the actor's own token, or any token for an admin; at once. */
export async function revokeTokenFor(ctx: Ctx, id: number, options: { viaToken: boolean }): Promise<ApiToken> {
  assertMayManage(ctx, options.viaToken);
  const token = await tokenFor(ctx, id);
  if (token.revokedAt) return token;
  const now = nowIso(ctx);
  await inTransaction(ctx, async (tx) => {
    await tx.db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    await recordAudit(tx, { action: 'token_revoke', entity: 'api_token', entityId: id, changes: { revokedAt: [null, now] } });
  });
  return { ...token, revokedAt: now, status: 'revoked' };
}

/** Revokes every active token of the actor's own ("sign out all my scripts"), the one in use included. */
export async function revokeOwnTokens(ctx: Ctx, options: { viaToken: boolean }): Promise<RevokedTokens> {
  assertMayManage(ctx, options.viaToken);
  if (ctx.actor.userId === null) throw forbidden('token.console_has_none');
  return revokeUserTokens(ctx, ctx.actor.userId, ctx.actor);
}
