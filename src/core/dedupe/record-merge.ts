import { recordChanges } from '../../domain/audit.ts';
import type { MergeShape } from '../../domain/merge.ts';
import { recordAudit } from '../audit/record-audit.ts';
import type { Ctx } from '../context.ts';
import { auditMovedChildren, movedCounts } from './merge-children.ts';
import { decidePair, insertMerge, toMerge, type NewMerge } from './merges.repository.ts';

interface MergeOutcome extends Omit<NewMerge, 'pairId'> {
  /** the survivor as the API showed it before and after the merge */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  now: string;
}

/**
 * The end of every merge, inside its transaction: the pair becomes `merged`, the merge is kept
 * for undo, the survivor's history gets the merge and the merged record's says where it went.
 */
export async function recordMerge(tx: Ctx, outcome: MergeOutcome): Promise<MergeShape> {
  const { before, after, now, ...merge } = outcome;
  const actorId = tx.actor.userId;
  const entity = merge.entity === 'customers' ? 'customer' : 'contact';
  const pairId = await decidePair(tx.db, { entity: merge.entity, ids: [merge.survivorId, merge.mergedId], status: 'merged', actorId, now });
  const record = await insertMerge(tx.db, { ...merge, pairId }, actorId, now);
  await auditMovedChildren(tx, merge.moved, { fromId: merge.mergedId, toId: merge.survivorId }, { mergeId: [null, Number(record.id)] });
  await recordAudit(tx, {
    action: 'merge',
    entity,
    entityId: merge.survivorId,
    changes: {
      ...recordChanges(before, after),
      mergeId: [null, Number(record.id)],
      mergedFrom: [null, merge.mergedId],
      decisions: [null, merge.decisions],
      moved: [null, movedCounts(merge.moved)],
    },
  });
  await recordAudit(tx, { action: 'delete', entity, entityId: merge.mergedId, changes: { deletedAt: [null, now], mergedInto: [null, merge.survivorId] } });
  return toMerge(tx, record);
}
