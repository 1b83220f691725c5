import { randomBytes } from 'node:crypto';
import type { SessionInfoShape } from '../../domain/session.ts';
import { nowIso, type Deps } from '../context.ts';
import { hashToken } from '../tokens/token-hash.ts';

/** A session ends this long after it was last used. */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60_000;

export const newSecret = (): string => randomBytes(32).toString('base64url');

export interface NewSession {
  userId: number;
  ip: string | null;
  userAgent: string | null;
}

/** Stores a session and returns its token and CSRF token; only the token's SHA-256 is kept. */
export async function insertSession(deps: Deps, session: NewSession): Promise<{ id: number; token: string; csrfToken: string }> {
  const token = newSecret();
  const csrfToken = newSecret();
  const now = deps.clock.now();
  const row = await deps.db
    .insertInto('sessions')
    .values({
      user_id: session.userId,
      token_hash: hashToken(token),
      csrf_token: csrfToken,
      ip: session.ip,
      user_agent: session.userAgent?.slice(0, 300) ?? null,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_IDLE_MS).toISOString(),
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, token, csrfToken };
}

/** Revokes the user's live sessions, optionally all but one; returns how many. */
export async function revokeSessions(deps: Deps, userId: number, options: { id?: number; except?: number } = {}): Promise<number> {
  let query = deps.db.updateTable('sessions').set({ revoked_at: nowIso(deps) }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (options.id !== undefined) query = query.where('id', '=', options.id);
  if (options.except !== undefined) query = query.where('id', '!=', options.except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function liveSessions(deps: Deps, userId: number, currentId: number | null): Promise<SessionInfoShape[]> {
  const rows = await deps.db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', nowIso(deps))
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    expiresAt: r.expires_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id === currentId,
  }));
}
