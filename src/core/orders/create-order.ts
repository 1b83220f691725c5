import { recordChanges } from '../../domain/audit.ts';
import { DEFAULT_CURRENCY } from '../../domain/money.ts';
import type { OrderCreateInput, OrderShape } from '../../domain/order.ts';
import { assertCanWrite } from '../access/writes.ts';
import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { loadOrder, replaceOrderItems } from './orders.repository.ts';
import { prepareOrder } from './prepare-order.ts';

/** Records a sale with its items; the order and every item land together or not at all. */
export async function createOrder(ctx: Ctx, input: OrderCreateInput): Promise<OrderShape> {
  assertCanWrite(ctx.actor);
  const draft = {
    customerId: input.customerId,
    dealId: input.dealId ?? null,
    orderNo: input.orderNo ?? null,
    orderedAt: input.orderedAt,
    status: input.status ?? 'completed',
    currency: input.currency ?? DEFAULT_CURRENCY,
    notes: input.notes ?? null,
    custom: input.custom ?? {},
    items: input.items,
    claimedTotal: input.total,
  };
  const prepared = await prepareOrder(ctx, draft, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('orders')
        .values({ ...prepared.row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replaceOrderItems(tx.db, id, prepared.items ?? []);
      await refreshOrderStats(tx, [input.customerId]);
      const created = await loadOrder(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'order', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
