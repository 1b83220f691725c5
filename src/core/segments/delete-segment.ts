import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { assertCanChangeSegment } from './segments.policy.ts';
import { findSegmentRow } from './segments.repository.ts';

/** Deletes a segment (soft: the row stays, marked deleted); its customers are untouched. */
export async function deleteSegment(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findSegmentRow(ctx, id);
  assertCanChangeSegment(ctx.actor, row);
  checkVersion('segment', id, row.version, expectedVersion);
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    await updateVersioned(tx.db, { table: 'segments', entity: 'segment', id, version: row.version }, { deleted_at: now }, ctx.actor, now);
    await recordAudit(tx, { action: 'delete', entity: 'segment', entityId: id, changes: { deletedAt: [null, now] } });
  });
}
