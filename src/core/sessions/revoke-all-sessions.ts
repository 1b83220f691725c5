import { inTransaction, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { revokeSessions } from './sessions.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** "Sign out everywhere": ends every session of the caller, this one included. */
export function revokeAllSessions(ctx: Ctx): Promise<number> {
  const userId = ownUserId(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const count = await revokeSessions(tx, userId);
    if (count > 0) await recordAudit(tx, { action: 'logout', entity: 'user', entityId: userId, changes: { sessions: [count, 0] } });
    return count;
  });
}
