import { inTransaction, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { revokeSessions } from './sessions.repository.ts';

/** "Sign out everywhere": ends every session of the caller, this one included. */
export function revokeAllSessions(ctx: Ctx): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const count = await revokeSessions(tx, ctx.actor.userId);
    if (count > 0) await recordAudit(tx, { action: 'logout', entity: 'user', entityId: ctx.actor.userId, changes: { sessions: [count, 0] } });
    return count;
  });
}
