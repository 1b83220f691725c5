import { sql } from 'kysely';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { TOP_CUSTOMERS, type ReportWindow, type TopCustomerShape } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { visibleOrders } from '../orders/orders.policy.ts';

/**
 * The customers (that the actor may see) with the most revenue from orders in the window, the
 * top few of each currency (amounts in two currencies never compare), the currency with most
 * orders first, largest first within it; a customer who paid in two currencies is in both lists.
 */
export async function topCustomers(ctx: Ctx, window: ReportWindow): Promise<TopCustomerShape[]> {
  // Sum by customer id first and name only the top few: grouping by the name too costs a join per order.
  const sums = ctx.db
    .selectFrom('orders')
    .where(visibleOrders(ctx.actor))
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .where('orders.ordered_at', '>=', window.from)
    .select((eb) => [
      'orders.customer_id',
      'orders.currency',
      eb.fn.sum<number | string>('orders.total').as('amount'),
      eb.fn.countAll<number | string>().as('n'),
      sql<number>`row_number() over (partition by ${sql.ref('orders.currency')} order by sum(${sql.ref('orders.total')}) desc, ${sql.ref('orders.customer_id')})`.as('place'),
      sql<number | string>`sum(count(*)) over (partition by ${sql.ref('orders.currency')})`.as('currency_orders'),
    ])
    .groupBy(['orders.customer_id', 'orders.currency']);
  const rows = await ctx.db
    .selectFrom(sums.as('t'))
    .selectAll()
    .where('t.place', '<=', TOP_CUSTOMERS)
    .execute();
  if (rows.length === 0) return [];
  rows.sort((a, b) => Number(b.currency_orders) - Number(a.currency_orders) || a.currency.localeCompare(b.currency) || Number(a.place) - Number(b.place));
  const names = await ctx.db
    .selectFrom('customers')
    .where(visibleCustomers(ctx.actor))
    .where('customers.id', 'in', [...new Set(rows.map((r) => Number(r.customer_id)))])
    .select(['customers.id', 'customers.name'])
    .execute();
  const nameOf = new Map(names.map((c) => [Number(c.id), c.name]));
  return rows.map((r) => ({ customerId: Number(r.customer_id), name: nameOf.get(Number(r.customer_id)) ?? '', currency: r.currency, amount: Number(r.amount), orders: Number(r.n) }));
}
