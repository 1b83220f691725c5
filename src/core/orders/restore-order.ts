import { AppError } from '../../domain/errors.ts';
import type { OrderShape } from '../../domain/order.ts';
import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findOrderForWrite, loadOrder } from './orders.repository.ts';

/** Brings an order back once its customer is back; 409 on `orderNo` if another order took the number. */
export async function restoreOrder(ctx: Ctx, id: number): Promise<OrderShape> {
  const row = await findOrderForWrite(ctx, id, { includeDeleted: true });
  const [customerProblem] = await checkTargetCustomer(ctx, 'customerId', row.customer_id);
  if (customerProblem) throw new AppError('conflict', { message: `cannot restore order ${id}: ${customerProblem.message}`, messageCode: 'record.customer_deleted', params: { entity: 'order', id }, errors: [customerProblem] });
  await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await restoreFromRecycleBin(tx, { table: 'orders', entity: 'order', row });
      await refreshOrderStats(tx, [row.customer_id]);
      await recordAudit(tx, { action: 'restore', entity: 'order', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
    }),
  );
  return loadOrder(ctx, id);
}
