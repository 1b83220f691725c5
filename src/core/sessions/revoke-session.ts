import { notFound } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { revokeSessions } from './sessions.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** Signs out one of the caller's own sessions; someone else's is answered as not found. */
export async function revokeSession(ctx: Ctx, id: number): Promise<void> {
  if ((await revokeSessions(ctx, ownUserId(ctx.actor), { id })) === 0) throw notFound('session', id);
}
