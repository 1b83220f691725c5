import { codedError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import { teamScope } from '../access/team-scope.ts';
import { preparedQuery } from '../db/prepared.ts';
import { hashToken, TOKEN_PREFIX } from './token-hash.ts';

const tokenByHash = preparedQuery(['hash'], ({ db }, p) =>
  db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select(['api_tokens.id', 'api_tokens.scope', 'api_tokens.expires_at', 'api_tokens.revoked_at', 'api_tokens.last_used_at', 'users.id as user_id', 'users.role', 'users.team_id', 'users.disabled'])
    .where('api_tokens.token_hash', '=', p.hash),
);

const LAST_USED_RESOLUTION_MS = 60_000;
const denied = () => codedError('unauthorized', 'token.denied');

/**
 * Resolves a bearer token to the acting user. Lookup is by hash through a unique index, so
 * there is no string comparison whose timing could leak the token.
 */
export async function authenticateToken(deps: Deps, token: string): Promise<Actor> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 100) throw denied();
  const [row] = await tokenByHash(deps, { hash: hashToken(token) });
  const now = deps.clock.now();
  if (!row || row.revoked_at !== null || row.disabled) throw denied();
  if (row.expires_at !== null && Date.parse(row.expires_at) <= now.getTime()) throw denied();
  // Not while a restore runs: writes wait, and the restore replaces this row anyway.
  if ((row.last_used_at === null || now.getTime() - Date.parse(row.last_used_at) > LAST_USED_RESOLUTION_MS) && !deps.writeGate?.restoring) {
    await deps.db.updateTable('api_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.id).execute();
  }
  const teamIds = await teamScope(deps, { userId: row.user_id, role: row.role, teamId: row.team_id });
  return { userId: row.user_id, role: row.role, teamId: row.team_id, teamIds, canWrite: row.scope === 'write' && row.role !== 'viewer' };
}
