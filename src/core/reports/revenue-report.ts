import { sql } from 'kysely';
import { analysisWindow } from '../../domain/analysis-window.ts';
import { addMonths } from '../../domain/cohorts.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { MAX_REVENUE_MONTHS, monthsBetween, type RevenueQueryShape, type RevenueReportShape } from '../../domain/revenue-report.ts';
import { analyticsUtcOffset } from '../analytics/analytics-offset.ts';
import { analysisPopulation } from '../analytics/population.ts';
import type { Ctx } from '../context.ts';

/**
 * Revenue per month of the customers an analysis covers (visible to the actor, narrowed by
 * owner, team and segment), from their orders in the period (cancelled and refunded left out),
 * one series per currency. Without `from`, the 12 months up to `to`.
 */
export async function revenueReport(ctx: Ctx, query: RevenueQueryShape): Promise<RevenueReportShape> {
  const errors: FieldError[] = [];
  const utcOffset = await analyticsUtcOffset(ctx);
  const asked = analysisWindow(query, ctx.clock.now(), utcOffset, errors);
  const population = await analysisPopulation(ctx, query, errors);
  if (errors.length > 0) throw validationError(errors);
  const lastMonth = asked.to.slice(0, 7);
  const earliest = addMonths(lastMonth, -(MAX_REVENUE_MONTHS - 1));
  const from = asked.from === null ? `${addMonths(lastMonth, -11)}-01` : asked.from.slice(0, 7) < earliest ? `${earliest}-01` : asked.from;
  const window = analysisWindow({ ...query, from }, ctx.clock.now(), utcOffset, []);
  const rows = await ctx.db
    .selectFrom('orders')
    .innerJoin('customers', 'customers.id', 'orders.customer_id')
    .where(population)
    .where('orders.deleted_at', 'is', null)
    .where('orders.status', 'not in', VOID_ORDER_STATUSES)
    .where('orders.ordered_at', '>=', window.fromInstant as string)
    .where('orders.ordered_at', '<', window.endInstant)
    .select((eb) => [
      ctx.dialect.monthOf('orders.ordered_at', utcOffset).as('month'),
      'orders.currency',
      eb.fn.sum<number | string>('orders.total').as('amount'),
      eb.fn.countAll<number | string>().as('n'),
    ])
    .groupBy([sql.ref('month'), 'orders.currency'])
    .execute();
  const months = monthsBetween(from.slice(0, 7), lastMonth);
  const byCurrency = new Map<string, Map<string, { amount: number; orders: number }>>();
  for (const row of rows) {
    const series = byCurrency.get(row.currency) ?? new Map<string, { amount: number; orders: number }>();
    series.set(row.month, { amount: Number(row.amount), orders: Number(row.n) });
    byCurrency.set(row.currency, series);
  }
  const currencies = [...byCurrency].map(([currency, series]) => {
    const points = months.map((month) => ({ month, ...(series.get(month) ?? { amount: 0, orders: 0 }) }));
    return { currency, orders: points.reduce((n, p) => n + p.orders, 0), total: points.reduce((n, p) => n + p.amount, 0), months: points };
  });
  // amounts in different currencies do not add up or compare: the one used most comes first
  currencies.sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
  return { asOf: window.asOf, from: window.from, to: window.to, utcOffset, months, currencies };
}
