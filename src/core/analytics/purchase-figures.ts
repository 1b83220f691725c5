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

/** One currency's purchase figures of a population, a column per figure: a million customers make no million objects. */
export interface FigureColumns {
  currency: string;
  customerId: number[];
  orders: number[];
  total: number[];
  firstOrderAt: string[];
  lastOrderAt: string[];
  purchaseDays: number[];
  firstDayTotal: number[];
}

/** What the analyses of one population read: its size, its currencies and its figures in a window. */
export interface PopulationFigures {
  /** customers in the population, with orders or not */
  size: number;
  /** how many of them bought in each currency (at any time), most first */
  currencies: Array<{ currency: string; customers: number }>;
  byCurrency: Map<string, FigureColumns>;
}

/** The figures the purchase models read, of one row of the columns. */
export type HistoryFigures = Omit<PurchaseFigures, 'currency' | 'months'>;

const CHUNK = 2_000;

/**
 * The purchase figures of every customer in `population` (a condition on customers) in `window`,
 * from the kept per-customer aggregates, by currency; a customer whose orders reach outside the
 * window (before `from`, after its end) is summed again from their orders within it. Kept per
 * `populationKey` (viewer and filters) and window until the next write, so the reports on one
 * population share one read.
 */
export async function keptFigures(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow, populationKey: unknown[]): Promise<PopulationFigures> {
  await refreshStaleOrderStats(ctx);
  return remember(ctx, ['figures', ...populationKey, window.fromInstant, window.endInstant, window.utcOffset], () => populationFigures(ctx, population, window), {
    weight: (k) => [...k.byCurrency.values()].reduce((sum, c) => sum + c.customerId.length, 0),
  });
}

/** One currency's columns of the kept figures (empty when nobody bought in it). */
export function figuresIn(figures: PopulationFigures, currency: string | null): FigureColumns {
  return (currency === null ? undefined : figures.byCurrency.get(currency)) ?? emptyColumns(currency ?? '');
}

/** Row `i` of the columns, as the purchase models read it. */
export function figureAt(c: FigureColumns, i: number): HistoryFigures {
  return {
    customerId: c.customerId[i] as number,
    orders: c.orders[i] as number,
    total: c.total[i] as number,
    firstOrderAt: c.firstOrderAt[i] as string,
    lastOrderAt: c.lastOrderAt[i] as string,
    purchaseDays: c.purchaseDays[i] as number,
    firstDayTotal: c.firstDayTotal[i] as number,
  };
}

const emptyColumns = (currency: string): FigureColumns => ({ currency, customerId: [], orders: [], total: [], firstOrderAt: [], lastOrderAt: [], purchaseDays: [], firstDayTotal: [] });

function push(c: FigureColumns, f: Omit<PurchaseFigures, 'currency' | 'months'>): void {
  c.customerId.push(f.customerId);
  c.orders.push(f.orders);
  c.total.push(f.total);
  c.firstOrderAt.push(f.firstOrderAt);
  c.lastOrderAt.push(f.lastOrderAt);
  c.purchaseDays.push(f.purchaseDays);
  c.firstDayTotal.push(f.firstDayTotal);
}

async function populationFigures(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow): Promise<PopulationFigures> {
  const byCurrency = new Map<string, FigureColumns>();
  const columnsOf = (currency: string) => {
    let c = byCurrency.get(currency);
    if (!c) byCurrency.set(currency, (c = emptyColumns(currency)));
    return c;
  };
  const scan = await eachStatsRow(ctx, population, window, ['s.orders', 's.total', 's.purchase_days', 's.first_day_total'], (r) => {
    const [customerId, currency, firstOrderAt, lastOrderAt, orders, total, purchaseDays, firstDayTotal] = r as [number, string, string, string, number, number, number, number];
    push(columnsOf(currency), { customerId: Number(customerId), orders: Number(orders), total: Number(total), firstOrderAt, lastOrderAt, purchaseDays: Number(purchaseDays), firstDayTotal: Number(firstDayTotal) });
  });
  for (const f of await outsideFigures(ctx, scan.outside, window)) push(columnsOf(f.currency), f);
  return { size: scan.size, currencies: scan.currencies, byCurrency };
}

/** Each customer's months with an order in the window (YYYY-MM, comma-separated), a row per customer and currency: what cohorts read. */
export async function loadPurchaseMonths(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow): Promise<Array<Pick<PurchaseFigures, 'customerId' | 'months'>>> {
  await refreshStaleOrderStats(ctx);
  const rows: Array<Pick<PurchaseFigures, 'customerId' | 'months'>> = [];
  const scan = await eachStatsRow(ctx, population, window, ['s.months'], (r) => rows.push({ customerId: Number(r[0]), months: r[4] as string }));
  for (const f of await outsideFigures(ctx, scan.outside, window)) rows.push({ customerId: f.customerId, months: f.months });
  return rows;
}

/** The figures of the customers' currencies whose orders reach outside the window, summed again from their orders within it (only those: the customer's other currencies were read as kept). */
async function outsideFigures(ctx: Ctx, outside: Map<number, Set<string>>, window: AnalysisWindow): Promise<PurchaseFigures[]> {
  const ids = [...outside.keys()];
  const figures: PurchaseFigures[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const f of await figuresFromOrders(ctx, ids.slice(i, i + CHUNK), window, null)) if (outside.get(f.customerId)?.has(f.currency)) figures.push(f);
  }
  return figures;
}

/**
 * Streams the kept aggregates of the population's customers within the window: each row starts
 * customer id, currency, first and last order, then `extra`. Customers whose orders reach outside
 * the window are returned in `outside` instead; `currencies` counts every row of each currency.
 */
async function eachStatsRow(
  ctx: Ctx,
  population: Expression<SqlBool>,
  window: AnalysisWindow,
  extra: Array<'s.orders' | 's.total' | 's.purchase_days' | 's.first_day_total' | 's.months'>,
  onRow: (row: unknown[]) => void,
): Promise<{ size: number; outside: Map<number, Set<string>>; currencies: Array<{ currency: string; customers: number }> }> {
  const db = ctx.db as unknown as Kysely<unknown>;
  // How many customers the population holds, and how many there are (counted on a small index).
  // When it is most of them, the table of aggregates is read whole and the few customers outside
  // it left out here, which costs less than a join or a lookup per row; else its ids pick the rows.
  const { size, all } = await ctx.db
    .selectFrom('customers')
    .select((eb) => [eb.fn.countAll<number | string>().as('all'), eb.fn.count<number | string>(sql`case when ${population} then 1 end`).as('size')])
    .executeTakeFirstOrThrow()
    .then((r) => ({ size: Number(r.size), all: Number(r.all) }));
  const most = size * 2 >= all;
  const left = new Set<number>();
  if (most && size < all) {
    await ctx.dialect.eachRow(db, ctx.db.selectFrom('customers').where(sql<SqlBool>`not coalesce(${population}, 1 = 0)`).select('customers.id').compile(), (r) => left.add(Number(r[0])));
  }
  const query = ctx.db
    .selectFrom('customer_order_stats as s')
    .$if(!most, (q) => q.where('s.customer_id', 'in', (eb) => eb.selectFrom('customers').select('customers.id').where(population)))
    .select(['s.customer_id', 's.currency', 's.first_order_at', 's.last_order_at', ...extra])
    .compile();
  const counts = new Map<string, number>();
  const outside = new Map<number, Set<string>>();
  const { fromInstant, endInstant } = window;
  await ctx.dialect.eachRow(db, query, (r) => {
    const customerId = Number(r[0]);
    if (left.size > 0 && left.has(customerId)) return;
    const currency = r[1] as string;
    counts.set(currency, (counts.get(currency) ?? 0) + 1);
    if ((fromInstant !== null && (r[2] as string) < fromInstant) || (r[3] as string) >= endInstant) {
      const currencies = outside.get(customerId);
      if (currencies) currencies.add(currency);
      else outside.set(customerId, new Set([currency]));
    } else onRow(r);
  });
  const currencies = [...counts].map(([currency, customers]) => ({ currency, customers })).sort((a, b) => b.customers - a.customers || a.currency.localeCompare(b.currency));
  return { size, outside, currencies };
}

/** The figures of the customers in `population` (one or a few: a profile's own) in `window`, `currency` null for all. */
export async function loadPurchaseFigures(ctx: Ctx, population: Expression<SqlBool>, window: AnalysisWindow, currency: string | null): Promise<PurchaseFigures[]> {
  await refreshStaleOrderStats(ctx);
  const rows = await ctx.db
    .selectFrom('customer_order_stats as s')
    .innerJoin('customers', 'customers.id', 's.customer_id')
    .where(population)
    .$if(currency !== null, (q) => q.where('s.currency', '=', currency as string))
    .select(['s.customer_id', 's.currency', 's.orders', 's.total', 's.first_order_at', 's.last_order_at', 's.purchase_days', 's.first_day_total', 's.months'])
    .execute();
  const figures: PurchaseFigures[] = [];
  const outside = new Map<number, Set<string>>();
  for (const r of rows) {
    if ((window.fromInstant !== null && r.first_order_at < window.fromInstant) || r.last_order_at >= window.endInstant) {
      const id = Number(r.customer_id);
      outside.set(id, (outside.get(id) ?? new Set()).add(r.currency));
      continue;
    }
    figures.push({
      customerId: Number(r.customer_id),
      currency: r.currency,
      orders: Number(r.orders),
      total: Number(r.total),
      firstOrderAt: r.first_order_at,
      lastOrderAt: r.last_order_at,
      purchaseDays: Number(r.purchase_days),
      firstDayTotal: Number(r.first_day_total),
      months: r.months,
    });
  }
  figures.push(...(await outsideFigures(ctx, outside, window)));
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

/** Names of the customers listed on one page (of any length). */
export async function customerNames(ctx: Ctx, ids: number[]): Promise<Map<number, { name: string; ownerId: number | null; level: 'A' | 'B' | 'C' | null }>> {
  const names = new Map<number, { name: string; ownerId: number | null; level: 'A' | 'B' | 'C' | null }>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await ctx.db.selectFrom('customers').select(['id', 'name', 'owner_id', 'level']).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    for (const r of rows) names.set(Number(r.id), { name: r.name, ownerId: r.owner_id === null ? null : Number(r.owner_id), level: r.level });
  }
  return names;
}
