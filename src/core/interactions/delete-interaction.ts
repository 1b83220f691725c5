import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findInteractionForWrite } from './interactions.repository.ts';

/** Soft-deletes an interaction: it leaves the timeline and waits in the recycle bin. */
export async function deleteInteraction(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findInteractionForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'interactions', entity: 'interaction', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'interaction', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
