import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findOrderForWrite } from './orders.repository.ts';

/** Moves an order (items included) to the recycle bin; 412 if `expectedVersion` is stale. */
export async function deleteOrder(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findOrderForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'orders', entity: 'order', row }, expectedVersion);
    await refreshOrderStats(tx, [row.customer_id]);
    await recordAudit(tx, { action: 'delete', entity: 'order', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
