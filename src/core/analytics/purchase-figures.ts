import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { AnalysisWindow } from '../../domain/analysis-window.ts';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { orderStatsOf, type OrderFact } from '../../domain/order-stats.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { refreshStaleOrderStats } from './refresh-order-stats.ts';

/** One customer's orders in one currency within an analysis window. */
export interface PurchaseFigures {
  customerId: number;
  currency: string;
  orders: number;
  total: number;
  firstOrderAt: string;
  lastOrderAt: string;
  purchaseDays: number;
  firstDayTotal: number;
  /** YYYY-MM months with an order, comma-separated, oldest first */
  months: string;
}

const CHUNK = 2_000;

/**
 * The purchase figures of every customer in `population` (a condition on customers), from
 * the kept per-customer aggregates; a customer whose orders reach outside the window (before
 * `from`, after its end) is summed again from their orders within it. `currency` null reads all.
 * With `populationKey` (what names the population: viewer and filters) the figures of every
 * currency are loaded once and kept until the next write, so the reports on one population share one read.
 */
export async function loadPurchaseFigures(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow, currency: string | null, populationKey?: unknown[]): Promise<PurchaseFigures[]> {
  if (populationKey === undefined) return loadFigures(ctx, population, window, currency);
  await refreshStaleOrderStats(ctx);
  const kept = await remember(
    ctx,
    ['figures', ...populationKey, window.fromInstant, window.endInstant, window.utcOffset],
    async () => {
      const all = await loadFigures(ctx, population, window, null);
      const byCurrency = new Map<string, PurchaseFigures[]>();
      for (const f of all) {
        const list = byCurrency.get(f.currency);
        if (list) list.push(f);
        else byCurrency.set(f.currency, [f]);
      }
      return { all, byCurrency };
    },
    { weight: (k) => k.all.length },
  );
  return currency === null ? kept.all : (kept.byCurrency.get(currency) ?? []);
}

async function loadFigures(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow, currency: string | null): Promise<PurchaseFigures[]> {
  await refreshStaleOrderStats(ctx);
  const query = ctx.db
    .selectFrom('customer_order_stats as s')
    .innerJoin('customers', 'customers.id', 's.customer_id')
    .where(population)
    .$if(currency !== null, (q) => q.where('s.currency', '=', currency as string))
    .select(['s.customer_id', 's.currency', 's.orders', 's.total', 's.first_order_at', 's.last_order_at', 's.purchase_days', 's.first_day_total', 's.months'])
    .compile();
  const figures: PurchaseFigures[] = [];
  const outside: number[] = [];
  const { fromInstant, endInstant } = window;
  // a million rows: streamed as arrays and made into figures at once, a third of the cost of the driver's objects kept until the last
  await ctx.dialect.eachRow(ctx.db as unknown as Kysely<unknown>, query, (r) => {
    const [customerId, rowCurrency, orders, total, firstOrderAt, lastOrderAt, purchaseDays, firstDayTotal, months] = r as [number, string, number, number, string, string, number, number, string];
    if ((fromInstant !== null && firstOrderAt < fromInstant) || lastOrderAt >= endInstant) {
      outside.push(Number(customerId));
      return;
    }
    figures.push({
      customerId: Number(customerId),
      currency: rowCurrency,
      orders: Number(orders),
      total: Number(total),
      firstOrderAt,
      lastOrderAt,
      purchaseDays: Number(purchaseDays),
      firstDayTotal: Number(firstDayTotal),
      months,
    });
  });
  const ids = [...new Set(outside)];
  for (let i = 0; i < ids.length; i += CHUNK) figures.push(...(await figuresFromOrders(ctx, ids.slice(i, i + CHUNK), window, currency)));
  return figures;
}

async function figuresFromOrders(ctx: Ctx, customerIds: number[], window: AnalysisWindow, currency: string | null): Promise<PurchaseFigures[]> {
  const orders = await ctx.db
    .selectFrom('orders')
    .select(['customer_id', 'ordered_at', 'currency', 'total'])
    .where('customer_id', 'in', customerIds)
    .where('deleted_at', 'is', null)
    .where('status', 'not in', VOID_ORDER_STATUSES)
    .where('ordered_at', '<', window.endInstant)
    .$if(window.fromInstant !== null, (q) => q.where('ordered_at', '>=', window.fromInstant as string))
    .$if(currency !== null, (q) => q.where('currency', '=', currency as string))
    .execute();
  const byCustomer = new Map<number, OrderFact[]>();
  for (const o of orders) {
    const fact = { orderedAt: o.ordered_at, currency: o.currency, total: Number(o.total) };
    const list = byCustomer.get(Number(o.customer_id));
    if (list) list.push(fact);
    else byCustomer.set(Number(o.customer_id), [fact]);
  }
  return [...byCustomer].flatMap(([customerId, facts]) =>
    orderStatsOf(facts, window.utcOffset).map((s) => ({ customerId, ...s, months: s.months.join(',') })),
  );
}

/** How many customers of the population bought in each currency (from the kept aggregates), most first. */
export async function populationCurrencies(ctx: Ctx, population: Expression<SqlBool>): Promise<Array<{ currency: string; customers: number }>> {
  await refreshStaleOrderStats(ctx);
  const rows = await ctx.db
    .selectFrom('customer_order_stats as s')
    .innerJoin('customers', 'customers.id', 's.customer_id')
    .where(population)
    .select(['s.currency', sql<number | string>`count(*)`.as('n')])
    .groupBy('s.currency')
    .execute();
  return rows.map((r) => ({ currency: r.currency, customers: Number(r.n) })).sort((a, b) => b.customers - a.customers || a.currency.localeCompare(b.currency));
}

/** How many customers the population holds. */
export async function populationSize(ctx: Ctx, population: Expression<SqlBool>): Promise<number> {
  const row = await ctx.db.selectFrom('customers').where(population).select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Names of the customers listed on one page (of any length). */
export async function customerNames(ctx: Ctx, ids: number[]): Promise<Map<number, { name: string; ownerId: number | null; level: 'A' | 'B' | 'C' | null }>> {
  const names = new Map<number, { name: string; ownerId: number | null; level: 'A' | 'B' | 'C' | null }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db.selectFrom('customers').select(['id', 'name', 'owner_id', 'level']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) names.set(Number(r.id), { name: r.name, ownerId: r.owner_id === null ? null : Number(r.owner_id), level: r.level });
  }
  return names;
}
