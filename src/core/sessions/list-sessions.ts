import type { SessionInfoShape } from '../../domain/session.ts';
import type { Ctx } from '../context.ts';
import { liveSessions } from './sessions.repository.ts';
import { ownUserId } from '../access/console-actor.ts';

/** The caller's own sessions that still work, newest first. */
export const listMySessions = (ctx: Ctx, currentId: number | null): Promise<SessionInfoShape[]> =>
  liveSessions(ctx, ownUserId(ctx.actor), currentId);
