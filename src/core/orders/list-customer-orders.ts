import { sql } from 'kysely';
import { VOID_ORDER_STATUSES, type OrderListFilter, type OrderShape, type PurchaseTotalShape } from '../../domain/order.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { listOrders } from './list-orders.ts';
import { ordersQuery } from './orders.repository.ts';

/** What a customer has bought, per currency: orders not cancelled, refunded or in the recycle bin. */
export async function purchaseTotals(ctx: Ctx, customerId: number): Promise<PurchaseTotalShape[]> {
  const rows = await ordersQuery(ctx)
    .select(['orders.currency', sql<number>`sum(${sql.ref('orders.total')})`.as('total'), sql<number>`count(*)`.as('count')])
    .where('orders.customer_id', '=', customerId)
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .groupBy('orders.currency')
    .orderBy('orders.currency')
    .execute();
  return rows.map((r) => ({ currency: r.currency, total: Number(r.total), count: Number(r.count) }));
}

/** A customer's purchase history: one page of orders (filters apply) plus totals over all of them. */
export async function listCustomerOrders(
  ctx: Ctx,
  customerId: number,
  filter: Omit<OrderListFilter, 'customerId'>,
): Promise<PageOf<OrderShape> & { totals: PurchaseTotalShape[] }> {
  await findCustomerRow(ctx, customerId);
  const [page, totals] = await Promise.all([listOrders(ctx, { ...filter, customerId }), purchaseTotals(ctx, customerId)]);
  return { ...page, totals };
}
