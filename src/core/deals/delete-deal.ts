import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findDealForWrite } from './deals.repository.ts';

/** Moves a deal to the recycle bin; 412 if `expectedVersion` is stale. */
export async function deleteDeal(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findDealForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'deals', entity: 'deal', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'deal', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
