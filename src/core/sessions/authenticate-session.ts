import { AppError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import { teamScope } from '../access/team-scope.ts';
import { preparedQuery } from '../db/prepared.ts';
import { hashToken } from '../tokens/token-hash.ts';
import { SESSION_IDLE_MS } from './sessions.repository.ts';

const sessionByHash = preparedQuery(['hash'], ({ db }, p) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.csrf_token', 'sessions.expires_at', 'sessions.revoked_at', 'sessions.last_seen_at', 'users.id as user_id', 'users.role', 'users.team_id', 'users.disabled'])
    .where('sessions.token_hash', '=', p.hash),
);

const LAST_SEEN_RESOLUTION_MS = 60_000;
const denied = () => new AppError('unauthorized', { message: 'your session has ended; sign in again', messageCode: 'session.ended' });

export interface SessionActor {
  actor: Actor;
  sessionId: number;
  csrfToken: string;
}

/**
 * Resolves a session cookie to the signed-in user. Lookup is by hash through a unique index,
 * so no comparison of the secret itself can leak it through timing.
 */
export async function authenticateSession(deps: Deps, token: string): Promise<SessionActor> {
  if (token.length < 20 || token.length > 100) throw denied();
  const [row] = await sessionByHash(deps, { hash: hashToken(token) });
  const now = deps.clock.now().getTime();
  if (!row || row.revoked_at !== null || row.disabled || Date.parse(String(row.expires_at)) <= now) throw denied();
  // Not while a restore runs: the restore is about to replace this row, and writes must wait.
  if (now - Date.parse(String(row.last_seen_at)) > LAST_SEEN_RESOLUTION_MS && !deps.writeGate?.restoring) {
    await deps.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(now + SESSION_IDLE_MS).toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  const teamIds = await teamScope(deps, { userId: row.user_id, role: row.role, teamId: row.team_id });
  return {
    actor: { userId: row.user_id, role: row.role, teamId: row.team_id, teamIds, canWrite: row.role !== 'viewer' },
    sessionId: row.id,
    csrfToken: row.csrf_token,
  };
}
