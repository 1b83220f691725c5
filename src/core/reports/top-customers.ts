import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { TOP_CUSTOMERS, type ReportWindow, type TopCustomerShape } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';

/**
 * The customers (that the actor may see) with the most revenue from orders in the window,
 * largest first; a customer who paid in two currencies appears once per currency.
 */
export async function topCustomers(ctx: Ctx, window: ReportWindow): Promise<TopCustomerShape[]> {
  const rows = await ctx.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .where(visibleCustomers(ctx.actor))
    .where('customers.deleted_at', 'is', null)
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .where('orders.ordered_at', '>=', window.from)
    .select((eb) => [
      'customers.id',
      'customers.name',
      'orders.currency',
      eb.fn.sum<number | string>('orders.total').as('amount'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy(['customers.id', 'customers.name', 'orders.currency'])
    .orderBy('amount', 'desc')
    .orderBy('customers.id')
    .limit(TOP_CUSTOMERS)
    .execute();
  return rows.map((r) => ({ customerId: Number(r.id), name: r.name, currency: r.currency, amount: Number(r.amount), orders: Number(r.n) }));
}
