import type { Kysely } from 'kysely';
import type { MaintenanceAction } from '../db/dialects/housekeeping.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Actor, type Deps } from '../context.ts';

export interface MaintenanceReport {
  action: MaintenanceAction;
  beforeBytes: number;
  afterBytes: number;
  seconds: number;
}

/**
 * One-click upkeep: `optimize` refreshes the planner's statistics (SQLite `PRAGMA optimize`,
 * PostgreSQL `ANALYZE`); `vacuum` gives free pages back (SQLite `VACUUM`, which holds writers
 * until it ends; PostgreSQL `VACUUM (ANALYZE)`, which does not). Audited.
 */
export async function runMaintenance(ctx: Deps & { actor: Actor | null }, action: MaintenanceAction): Promise<MaintenanceReport> {
  if (ctx.actor) assertAdmin(ctx.actor);
  const raw = ctx.db as unknown as Kysely<unknown>;
  const { housekeeping } = ctx.dialect;
  const started = performance.now();
  const before = await housekeeping.sizes(raw);
  await housekeeping.maintain(raw, action);
  const after = await housekeeping.sizes(raw);
  const report = { action, beforeBytes: before.databaseBytes, afterBytes: after.databaseBytes, seconds: (performance.now() - started) / 1000 };
  await inTransaction(ctx, (tx) => recordAudit(tx, { action: 'maintenance', entity: 'database', entityId: null, changes: { action: [null, action], bytes: [before.databaseBytes, after.databaseBytes] } }));
  return report;
}
