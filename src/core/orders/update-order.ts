import { recordChanges } from '../../domain/audit.ts';
import type { OrderPatchInput, OrderShape } from '../../domain/order.ts';
import { refreshOrderStats } from '../analytics/refresh-order-stats.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { findOrderForWrite, hydrateOrders, loadOrder, replaceOrderItems } from './orders.repository.ts';
import { prepareOrder } from './prepare-order.ts';

const pick = <T>(patched: T | undefined, current: T): T => (patched === undefined ? current : patched);

/**
 * Applies a partial update; `items`, when given, replace the old ones and the total follows. A
 * new `customerId` moves the order: both its customer and the new one must be writable.
 */
export async function updateOrder(ctx: Ctx, id: number, patch: OrderPatchInput, expectedVersion?: number): Promise<OrderShape> {
  const [current] = (await hydrateOrders(ctx, [await findOrderForWrite(ctx, id)])) as [OrderShape];
  checkVersion('order', id, current.version, expectedVersion);
  const draft = {
    customerId: pick(patch.customerId, current.customerId),
    dealId: pick(patch.dealId, current.dealId),
    orderNo: pick(patch.orderNo, current.orderNo),
    orderedAt: pick(patch.orderedAt, current.orderedAt),
    status: pick(patch.status, current.status),
    currency: pick(patch.currency, current.currency),
    notes: pick(patch.notes, current.notes),
    custom: patch.custom === undefined ? current.custom : { ...current.custom, ...patch.custom },
    items: patch.items ?? null,
    claimedTotal: patch.total,
  };
  const prepared = await prepareOrder(ctx, draft, current);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const target = { table: 'orders' as const, entity: 'order', id, version: current.version };
      await updateVersioned(tx.db, target, prepared.row, ctx.actor, nowIso(ctx));
      if (prepared.items) await replaceOrderItems(tx.db, id, prepared.items);
      await refreshOrderStats(tx, [current.customerId, draft.customerId]);
      const updated = await loadOrder(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'order', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
