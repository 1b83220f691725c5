import { codedError } from '../../domain/errors.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkVersion, updateVersioned, type VersionedTable } from './versioned.ts';

interface Target {
  table: VersionedTable;
  entity: string;
  /** loaded for writing (find<Entity>ForWrite), which decided whether the actor may */
  row: { id: number; version: number; deleted_at: string | null };
}

/** Moves a record to the recycle bin (soft delete); 412 if `expectedVersion` is stale. */
export async function moveToRecycleBin(ctx: Ctx, target: Target, expectedVersion?: number): Promise<void> {
  const { row } = target;
  checkVersion(target.entity, row.id, row.version, expectedVersion);
  const now = nowIso(ctx);
  await updateVersioned(ctx.db, { ...target, id: row.id, version: row.version }, { deleted_at: now }, ctx.actor, now);
}

/** Brings a record back from the recycle bin. */
export async function restoreFromRecycleBin(ctx: Ctx, target: Target): Promise<void> {
  const { row } = target;
  if (row.deleted_at === null) {
    throw codedError('conflict', 'record.not_deleted', { entity: target.entity, id: row.id });
  }
  const now = nowIso(ctx);
  await updateVersioned(ctx.db, { ...target, id: row.id, version: row.version }, { deleted_at: null }, ctx.actor, now);
}
