import { inTransaction, type Ctx } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { revokeSessions } from './sessions.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** Ends the session that made the request (nothing to end for an API token). */
export async function logout(ctx: Ctx, sessionId: number | null): Promise<void> {
  if (sessionId === null) return;
  const userId = ownUserId(ctx.actor);
  await inTransaction(ctx, async (tx) => {
    if ((await revokeSessions(tx, userId, { id: sessionId })) === 0) return;
    await recordAudit(tx, { action: 'logout', entity: 'user', entityId: userId });
  });
}
