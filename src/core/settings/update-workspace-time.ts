import { fieldChanges } from '../../domain/audit.ts';
import { codedField, validationError } from '../../domain/errors.ts';
import { isUtcOffset, offsetOfZone, WorkspaceTimePatch, type WorkspaceTimePatchInput, type WorkspaceTimeShape, type WorkspaceTimeValue } from '../../domain/workspace-time.ts';
import { assertAdmin } from '../access/writes.ts';
import { workspaceTimeValue } from '../analytics/analytics-offset.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Actor, type Deps } from '../context.ts';
import { shapeChecker } from '../records/check-shape.ts';
import { getWorkspaceTime } from './get-workspace-time.ts';
import { writeSetting } from './settings.repository.ts';

const checkPatch = shapeChecker(WorkspaceTimePatch);

/** The value a patch asks for: an offset as given, or a zone with its offset now. */
function wanted(patch: WorkspaceTimePatchInput, now: Date): WorkspaceTimeValue {
  if (patch.utcOffset !== undefined && patch.timeZone !== undefined) throw validationError([codedField('timeZone', 'settings.offset_or_zone')]);
  if (patch.timeZone !== undefined) {
    const offset = offsetOfZone(patch.timeZone, now);
    if (offset === null || !isUtcOffset(offset)) throw validationError([codedField('timeZone', 'field.time_zone', { value: patch.timeZone })]);
    return { utcOffset: offset, timeZone: patch.timeZone };
  }
  const offset = patch.utcOffset as number;
  if (!isUtcOffset(offset)) throw validationError([codedField('utcOffset', 'settings.utc_offset', { value: offset })]);
  return { utcOffset: offset, timeZone: null };
}

/**
 * Sets where the workspace's days begin: an admin, or nobody (the CLI). Audited with before/after.
 * The audit entry is a write, so every kept analysis is computed again; the per-customer order
 * figures carry the offset they were counted at and are counted again at the next analysis.
 */
export async function updateWorkspaceTime(ctx: Deps & { actor: Actor | null }, patch: WorkspaceTimePatchInput): Promise<WorkspaceTimeShape> {
  if (ctx.actor) assertAdmin(ctx.actor);
  const errors = checkPatch(patch);
  if (errors.length > 0) throw validationError(errors);
  const after = wanted(patch, ctx.clock.now());
  return inTransaction(ctx, async (tx) => {
    const before = await workspaceTimeValue(tx);
    await writeSetting(tx, 'analytics', after, ctx.actor?.userId ?? null, nowIso(tx));
    await recordAudit(tx, { action: 'update', entity: 'workspace_time', entityId: null, changes: fieldChanges(before, after) });
    return getWorkspaceTime(tx);
  });
}
