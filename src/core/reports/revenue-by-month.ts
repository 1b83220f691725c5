import { sql } from 'kysely';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import type { CurrencyRevenueShape, ReportWindow } from '../../domain/report.ts';
import type { Ctx } from '../context.ts';
import { visibleOrders } from '../orders/orders.policy.ts';

/**
 * Revenue per month of the window from the orders the actor may see (cancelled and refunded
 * ones left out), one series per currency, the one with most orders first; amounts in minor units.
 */
export async function revenueByMonth(ctx: Ctx, window: ReportWindow): Promise<CurrencyRevenueShape[]> {
  const rows = await ctx.db
    .selectFrom('orders')
    .where(visibleOrders(ctx.actor))
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .where('orders.ordered_at', '>=', window.from)
    .select((eb) => [
      ctx.dialect.monthOf('orders.ordered_at', window.utcOffset).as('month'),
      'orders.currency',
      eb.fn.sum<number | string>('orders.total').as('amount'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy([sql.ref('month'), 'orders.currency'])
    .execute();
  const byCurrency = new Map<string, Map<string, { amount: number; orders: number }>>();
  for (const row of rows) {
    const months = byCurrency.get(row.currency) ?? new Map();
    months.set(row.month, { amount: Number(row.amount), orders: Number(row.n) });
    byCurrency.set(row.currency, months);
  }
  const series = [...byCurrency].map(([currency, months]) => {
    const points = window.months.map((month) => ({ month, ...(months.get(month) ?? { amount: 0, orders: 0 }) }));
    return { currency, total: points.reduce((sum, p) => sum + p.amount, 0), orders: points.reduce((sum, p) => sum + p.orders, 0), months: points };
  });
  // amounts in different currencies do not compare: the currency used most comes first
  return series.sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
}
