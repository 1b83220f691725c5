import { expressionBuilder, sql } from 'kysely';
import { DEFAULT_ABC_SPLIT } from '../../domain/abc.ts';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import { expectedPurchases, probabilityAlive, type BgNbdParams } from '../../domain/bgnbd.ts';
import { churnReason } from '../../domain/churn-reason.ts';
import type { CurrencyProfileShape, CustomerProfileQueryShape, CustomerProfileShape } from '../../domain/customer-profile.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { expectedSpend } from '../../domain/gamma-gamma.ts';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { RFM_GROUP_LABELS } from '../../domain/rfm.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import type { Schema } from '../db/schema.ts';
import { rankAbcFigures } from './abc-report.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { DEFAULT_HORIZON_WEEKS } from './clv-report.ts';
import { loadPurchaseFigures, type PurchaseFigures } from './purchase-figures.ts';
import { purchaseHistory, type PurchaseHistory } from './purchase-histories.ts';
import { purchaseModel } from './purchase-model.ts';
import { scoreRfmFigures, type RfmScored } from './rfm-report.ts';

const DAY_MS = 86_400_000;
const MAX_NEXT_WEEKS = 520;
const FAVOURITES = 5;

/**
 * One customer's profile (客户画像) per currency: RFM group, ABC class, share of revenue and
 * percentile among the customers the caller may see, lifetime value, P(alive), the next expected
 * purchase, rhythm and favourite products. 404 for a customer the caller may not see.
 */
export async function customerProfile(ctx: Ctx, customerId: number, query: CustomerProfileQueryShape): Promise<CustomerProfileShape> {
  const errors: FieldError[] = [];
  const window = analysisWindow({ asOf: query.asOf }, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  if (errors.length > 0) throw validationError(errors);
  const customer = await findCustomerRow(ctx, customerId);
  const eb = expressionBuilder<Schema, 'customers'>();
  const own = await loadPurchaseFigures(ctx, eb('customers.id', '=', customerId), window, null);
  own.sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
  const visible = eb.and([visibleCustomers(ctx.actor), eb('customers.deleted_at', 'is', null)]);
  const horizonWeeks = query.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const currencies: CurrencyProfileShape[] = [];
  for (const mine of own) {
    const everyone = await loadPurchaseFigures(ctx, visible, window, mine.currency);
    if (!everyone.some((f) => f.customerId === customerId)) everyone.push(mine);
    currencies.push(await currencyProfile(ctx, { mine, everyone, window, horizonWeeks }));
  }
  return { customerId, name: customer.name, asOf: window.asOf, utcOffset: window.utcOffset, currencies };
}

interface Standing {
  mine: PurchaseFigures;
  everyone: PurchaseFigures[];
  window: AnalysisWindow;
  horizonWeeks: number;
}

async function currencyProfile(ctx: Ctx, { mine, everyone, window, horizonWeeks }: Standing): Promise<CurrencyProfileShape> {
  const rfm = scoreRfmFigures(everyone, window).scored.find((s) => s.customerId === mine.customerId) as RfmScored;
  const ranked = rankAbcFigures(everyone, DEFAULT_ABC_SPLIT);
  const rank = ranked.findIndex((r) => r.customerId === mine.customerId);
  const revenue = ranked.reduce((sum, r) => sum + r.revenue, 0);
  const cumulative = ranked.slice(0, rank + 1).reduce((sum, r) => sum + r.revenue, 0);
  const less = everyone.filter((f) => f.total < mine.total).length;
  const history = purchaseHistory(mine, window);
  const model = await purchaseModel(ctx, window, mine.currency);
  const usualGapDays = history.x > 0 ? (history.lastDay - history.firstDay) / history.x : null;
  const daysSinceLast = Math.max(0, window.endDay - history.lastDay);
  return {
    currency: mine.currency,
    comparedWith: everyone.length,
    orders: mine.orders,
    revenue: mine.total,
    firstOrderAt: mine.firstOrderAt,
    lastOrderAt: mine.lastOrderAt,
    rfm: { ...rfm, score: `${rfm.r}${rfm.f}${rfm.m}`, label: RFM_GROUP_LABELS[rfm.group] },
    abc: rank < 0 ? { class: 'C', rank: ranked.length + 1, cumulativeShare: 1 } : { class: ranked[rank]?.class ?? 'C', rank: rank + 1, cumulativeShare: revenue > 0 ? Math.min(1, cumulative / revenue) : 0 },
    shareOfRevenue: revenue > 0 ? Math.max(0, mine.total) / revenue : 0,
    percentile: round((100 * less) / everyone.length, 1),
    clv: clvOf(model.bgnbd, model.gammaGamma, history, horizonWeeks),
    nextExpectedPurchase: model.bgnbd ? nextPurchase(model.bgnbd, history, window) : null,
    rhythm: {
      purchaseDays: mine.purchaseDays,
      usualGapDays: usualGapDays === null ? null : round(usualGapDays, 1),
      daysSinceLast,
      activeMonths: mine.months === '' ? 0 : mine.months.split(',').length,
      reason: churnReason({ daysSinceLast, repeatPurchases: history.x, usualGapDays }),
    },
    favouriteProducts: await favouriteProducts(ctx, mine, window),
  };
}

function clvOf(bg: BgNbdParams | null, gg: Parameters<typeof expectedSpend>[0] | null, history: PurchaseHistory, horizonWeeks: number): CurrencyProfileShape['clv'] {
  const pAlive = bg ? probabilityAlive(bg, history) : 1;
  const expected = bg ? expectedPurchases(bg, history, horizonWeeks) : 0;
  const purchases = Number.isFinite(expected) && expected > 0 ? expected : 0;
  const spend = gg ? expectedSpend(gg, history) : null;
  const value = bg === null || spend === null || !Number.isFinite(spend) ? null : Math.round(purchases * spend);
  return { pAlive: round(pAlive, 4), churnRisk: round(1 - pAlive, 4), expectedPurchases: round(purchases, 4), expectedValue: value, horizonWeeks, fitted: bg !== null };
}

/** The day by which the model expects one more purchase (null when not within ten years). */
function nextPurchase(bg: BgNbdParams, history: PurchaseHistory, window: AnalysisWindow): string | null {
  const within = (weeks: number) => expectedPurchases(bg, history, weeks);
  if (!(within(MAX_NEXT_WEEKS) >= 1)) return null;
  let lo = 0;
  let hi = MAX_NEXT_WEEKS;
  for (let i = 0; i < 40 && hi - lo > 1 / 14; i++) {
    const mid = (lo + hi) / 2;
    if (within(mid) >= 1) hi = mid;
    else lo = mid;
  }
  const day = window.endDay + Math.max(1, Math.ceil(hi * 7));
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

async function favouriteProducts(ctx: Ctx, mine: PurchaseFigures, window: AnalysisWindow): Promise<CurrencyProfileShape['favouriteProducts']> {
  const rows = await ctx.db
    .selectFrom('order_items as i')
    .innerJoin('orders as o', 'o.id', 'i.order_id')
    .where('o.customer_id', '=', mine.customerId)
    .where('o.currency', '=', mine.currency)
    .where('o.deleted_at', 'is', null)
    .where('o.status', 'not in', VOID_ORDER_STATUSES)
    .where('o.ordered_at', '<', window.endInstant)
    .select([
      'i.product',
      sql<number | string>`count(distinct i.order_id)`.as('orders'),
      sql<number | string>`sum(i.quantity)`.as('quantity'),
      sql<number | string>`sum(i.amount)`.as('amount'),
    ])
    .groupBy('i.product')
    .orderBy(sql`sum(i.amount)`, 'desc')
    .orderBy('i.product')
    .limit(FAVOURITES)
    .execute();
  return rows.map((r) => ({ product: r.product, orders: Number(r.orders), quantity: Number(r.quantity), amount: Number(r.amount) }));
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
