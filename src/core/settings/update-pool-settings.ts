import { fieldChanges } from '../../domain/audit.ts';
import { validationError } from '../../domain/errors.ts';
import { PoolSettingsPatch, type PoolRules, type PoolSettingsPatchInput, type PoolSettingsShape } from '../../domain/settings.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Actor, type Deps } from '../context.ts';
import { shapeChecker } from '../records/check-shape.ts';
import { getPoolSettings, poolRules } from './get-pool-settings.ts';
import { writeSetting } from './settings.repository.ts';

const checkPatch = shapeChecker(PoolSettingsPatch);

/**
 * Changes the pool rules: an admin, or nobody (the CLI, which holds the database anyway). The
 * change is an audit entry with before/after.
 */
export async function updatePoolSettings(ctx: Deps & { actor: Actor | null }, patch: PoolSettingsPatchInput): Promise<PoolSettingsShape> {
  if (ctx.actor) assertAdmin(ctx.actor);
  const errors = checkPatch(patch);
  if (errors.length > 0) throw validationError(errors);
  return inTransaction(ctx, async (tx) => {
    const before = await poolRules(tx);
    const after: PoolRules = {
      maxCustomersPerRep: patch.maxCustomersPerRep === undefined ? before.maxCustomersPerRep : patch.maxCustomersPerRep,
      returnAfterDays: patch.returnAfterDays === undefined ? before.returnAfterDays : patch.returnAfterDays,
      tellRepsWhenTaken: patch.tellRepsWhenTaken ?? before.tellRepsWhenTaken,
    };
    await writeSetting(tx, 'pool', after, ctx.actor?.userId ?? null, nowIso(tx));
    await recordAudit(tx, { action: 'update', entity: 'pool_settings', entityId: null, changes: fieldChanges(before, after) });
    return getPoolSettings(tx);
  });
}
