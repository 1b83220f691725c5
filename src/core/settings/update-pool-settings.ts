import { fieldChanges } from '../../domain/audit.ts';
import type { PoolRules, PoolSettingsPatchInput, PoolSettingsShape } from '../../domain/settings.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { getPoolSettings, poolRules } from './get-pool-settings.ts';
import { writeSetting } from './settings.repository.ts';

/** Changes the pool rules (admins only); the change is an audit entry with before/after. */
export async function updatePoolSettings(ctx: Ctx, patch: PoolSettingsPatchInput): Promise<PoolSettingsShape> {
  assertAdmin(ctx.actor);
  return inTransaction(ctx, async (tx) => {
    const before = await poolRules(tx);
    const after: PoolRules = {
      maxCustomersPerRep: patch.maxCustomersPerRep === undefined ? before.maxCustomersPerRep : patch.maxCustomersPerRep,
      returnAfterDays: patch.returnAfterDays === undefined ? before.returnAfterDays : patch.returnAfterDays,
    };
    await writeSetting(tx, 'pool', after, ctx.actor.userId, nowIso(tx));
    await recordAudit(tx, { action: 'update', entity: 'pool_settings', entityId: null, changes: fieldChanges(before, after) });
    return getPoolSettings(tx);
  });
}
