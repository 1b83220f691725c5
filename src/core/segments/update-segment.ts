import { recordChanges } from '../../domain/audit.ts';
import type { SegmentPatchInput, SegmentShape } from '../../domain/segment.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { checkSegmentFilter } from './check-segment-filter.ts';
import { segmentName } from './create-segment.ts';
import { assertCanChangeSegment } from './segments.policy.ts';
import { assertSegmentNameFree, findSegmentRow, toSegment } from './segments.repository.ts';

/** Renames a segment or changes its filter; If-Match guards against lost updates. */
export async function updateSegment(ctx: Ctx, id: number, patch: SegmentPatchInput, expectedVersion?: number): Promise<SegmentShape> {
  const row = await findSegmentRow(ctx, id);
  assertCanChangeSegment(ctx.actor, row);
  checkVersion('segment', id, row.version, expectedVersion);
  const values: { name?: string; description?: string | null; filter?: string } = {};
  if (patch.name !== undefined) values.name = segmentName(patch.name);
  if (patch.description !== undefined) values.description = patch.description;
  if (patch.filter !== undefined) values.filter = JSON.stringify(await checkSegmentFilter(ctx, patch.filter));
  if (values.name !== undefined) await assertSegmentNameFree(ctx, values.name, id);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, { table: 'segments', entity: 'segment', id, version: row.version }, values, ctx.actor, nowIso(ctx));
      const updated = toSegment(tx, await findSegmentRow(tx, id));
      await recordAudit(tx, { action: 'update', entity: 'segment', entityId: id, changes: recordChanges(toSegment(tx, row), updated) });
      return updated;
    }),
  );
}
