import { recordChanges } from '../../domain/audit.ts';
import { validationError } from '../../domain/errors.ts';
import type { SegmentCreateInput, SegmentShape } from '../../domain/segment.ts';
import { normaliseName } from '../../domain/text.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkSegmentFilter } from './check-segment-filter.ts';
import { assertSegmentNameFree, findSegmentRow, toSegment } from './segments.repository.ts';

/** The name as stored: spaces collapsed; never blank. */
export function segmentName(name: string): string {
  const clean = normaliseName(name);
  if (!clean) throw validationError([{ field: 'name', message: 'must not be blank', code: 'field.empty' }]);
  return clean;
}

/** Saves a named filter; anyone who may write may save one. */
export async function createSegment(ctx: Ctx, input: SegmentCreateInput): Promise<SegmentShape> {
  assertCanWrite(ctx.actor);
  const name = segmentName(input.name);
  const filter = await checkSegmentFilter(ctx, input.filter);
  await assertSegmentNameFree(ctx, name, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('segments')
        .values({ name, description: input.description ?? null, filter: JSON.stringify(filter), created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = toSegment(tx, await findSegmentRow(tx, id));
      await recordAudit(tx, { action: 'create', entity: 'segment', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
