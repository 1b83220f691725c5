import { assertAdmin } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import type { BackupConfig } from './backup-config.ts';
import type { JobContext } from './backup-jobs.ts';

/** A backup job asked for over the API: admins with a write-capable session or token only. */
export function adminJob(ctx: Ctx, config: BackupConfig): JobContext {
  assertAdmin(ctx.actor);
  const { actor, ...deps } = ctx;
  return { deps, config, trigger: 'api', actor, secret: config.secret };
}
