import type { ExpressionBuilder, Kysely } from 'kysely';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { orderStatsOf, type OrderFact } from '../../domain/order-stats.ts';
import type { Schema } from '../db/schema.ts';
import { inTransaction, type Deps } from '../context.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';

const CHUNK = 2_000;

/**
 * Recomputes the order figures of these customers from their orders. Call it inside the
 * transaction that changed the orders: it locks the customers first, so two writers of one
 * customer's orders take turns and the second sees the first's order.
 */
export async function refreshOrderStats(tx: Pick<Deps, 'db' | 'dialect'>, customerIds: readonly number[]): Promise<void> {
  const ids = [...new Set(customerIds)];
  if (ids.length === 0) return;
  await tx.dialect.lockRowsForUpdate(tx.db as unknown as Kysely<unknown>, 'customers', ids);
  const utcOffset = await analyticsUtcOffset(tx);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await tx.db
      .selectFrom('orders')
      .select(['customer_id', 'ordered_at', 'currency', 'total'])
      .where('customer_id', 'in', chunk)
      .where('deleted_at', 'is', null)
      .where('status', 'not in', VOID_ORDER_STATUSES)
      .execute();
    const byCustomer = new Map<number, OrderFact[]>();
    for (const r of rows) {
      const fact = { orderedAt: r.ordered_at, currency: r.currency, total: Number(r.total) };
      const list = byCustomer.get(Number(r.customer_id));
      if (list) list.push(fact);
      else byCustomer.set(Number(r.customer_id), [fact]);
    }
    const stats = [...byCustomer].flatMap(([customerId, orders]) =>
      orderStatsOf(orders, utcOffset).map((s) => ({
        customer_id: customerId,
        currency: s.currency,
        orders: s.orders,
        total: s.total,
        first_order_at: s.firstOrderAt,
        last_order_at: s.lastOrderAt,
        purchase_days: s.purchaseDays,
        first_day_total: s.firstDayTotal,
        months: s.months.join(','),
        utc_offset: utcOffset,
      })),
    );
    await tx.db.deleteFrom('customer_order_stats').where('customer_id', 'in', chunk).execute();
    for (let j = 0; j < stats.length; j += 500) await tx.db.insertInto('customer_order_stats').values(stats.slice(j, j + 500)).execute();
    await tx.db.deleteFrom('order_stats_stale').where('customer_id', 'in', chunk).execute();
  }
}

/**
 * Marks stale the customers whose figures were counted at another offset than the workspace's
 * now (an admin set its time zone since). The rows carry their offset, so a writer that counted
 * at the old offset while the setting changed is caught here too.
 */
async function markOtherOffsetsStale(deps: Deps): Promise<void> {
  const utcOffset = await analyticsUtcOffset(deps);
  const other = (eb: ExpressionBuilder<Schema, 'customer_order_stats'>) => eb.or([eb('utc_offset', '<', utcOffset), eb('utc_offset', '>', utcOffset)]);
  const found = await deps.db.selectFrom('customer_order_stats').select('customer_id').where(other).limit(1).executeTakeFirst();
  if (!found) return;
  await deps.db
    .insertInto('order_stats_stale')
    .columns(['customer_id'])
    .expression(deps.db.selectFrom('customer_order_stats').select('customer_id').where(other).distinct())
    .onConflict((oc) => oc.column('customer_id').doNothing())
    .execute();
}

/**
 * Brings up to date the customers whose orders changed by a path that did not refresh them
 * itself (a merge, a reverted import), and those counted at an earlier time zone; analytics call
 * it before they read. Cheap when none is stale.
 */
export async function refreshStaleOrderStats(deps: Deps): Promise<number> {
  await markOtherOffsetsStale(deps);
  const waiting = await deps.db.selectFrom('order_stats_stale').select('customer_id').limit(1).executeTakeFirst();
  if (!waiting) return 0;
  let refreshed = 0;
  for (;;) {
    const done: number = await inTransaction(deps, async (tx) => {
      const ids = (await tx.db.selectFrom('order_stats_stale').select('customer_id').orderBy('customer_id').limit(CHUNK * 5).execute()).map((r) => Number(r.customer_id));
      await refreshOrderStats(tx, ids);
      return ids.length;
    });
    refreshed += done;
    if (done < CHUNK * 5) return refreshed;
  }
}
