import { expressionBuilder, sql } from 'kysely';
import { abcClasses, DEFAULT_ABC_SPLIT } from '../../domain/abc.ts';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import { expectedPurchases, probabilityAlive, type BgNbdParams } from '../../domain/bgnbd.ts';
import { churnReason } from '../../domain/churn-reason.ts';
import type { CurrencyProfileShape, CustomerProfileQueryShape, CustomerProfileShape } from '../../domain/customer-profile.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { expectedSpend } from '../../domain/gamma-gamma.ts';
import { VOID_ORDER_STATUSES } from '../../domain/order.ts';
import { localDay } from '../../domain/order-stats.ts';
import { quintileScoreOf, RFM_GROUP_LABELS, rfmGroup } from '../../domain/rfm.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import type { Schema } from '../db/schema.ts';
import { abcRanking, type AbcRanked, type AbcRanking } from './abc-report.ts';
import { STANDING_MAX_STALE_MS } from './analysis-cache.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { DEFAULT_HORIZON_WEEKS } from './clv-report.ts';
import { loadPurchaseFigures, type PurchaseFigures } from './purchase-figures.ts';
import { purchaseHistory, type PurchaseHistory } from './purchase-histories.ts';
import { purchaseModel } from './purchase-model.ts';
import { analysisKey, populationKey, type Analysis } from './prepare-analysis.ts';
import { scoreRfm, type RfmScoring } from './rfm-report.ts';

const DAY_MS = 86_400_000;
const MAX_NEXT_WEEKS = 520;
const FAVOURITES = 5;

/**
 * One customer's profile (客户画像) per currency: RFM group, ABC class, share of revenue and
 * percentile among the customers the caller may see, lifetime value, P(alive), the next expected
 * purchase, rhythm and favourite products. 404 for a customer the caller may not see. The
 * customer's own figures are current; where they stand is measured against the caller's RFM and
 * ABC lists, which may be up to STANDING_MAX_STALE_MS older than the last write.
 */
export async function customerProfile(ctx: Ctx, customerId: number, query: CustomerProfileQueryShape): Promise<CustomerProfileShape> {
  const errors: FieldError[] = [];
  const window = analysisWindow({ asOf: query.asOf }, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  if (errors.length > 0) throw validationError(errors);
  const customer = await findCustomerRow(ctx, customerId);
  const eb = expressionBuilder<Schema, 'customers'>();
  const own = await loadPurchaseFigures(ctx, eb('customers.id', '=', customerId), window, null);
  own.sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
  const population = eb.and([visibleCustomers(ctx.actor), eb('customers.deleted_at', 'is', null)]);
  const horizonWeeks = query.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const currencies: CurrencyProfileShape[] = [];
  for (const mine of own) {
    const analysis: Analysis = { window, population, currency: mine.currency, currencies: [], key: analysisKey(ctx, {}, window, mine.currency), populationKey: populationKey(ctx, {}), offset: 0, limit: 0 };
    const [rfm, abc] = await Promise.all([scoreRfm(ctx, analysis, STANDING_MAX_STALE_MS), abcRanking(ctx, analysis, DEFAULT_ABC_SPLIT, STANDING_MAX_STALE_MS)]);
    currencies.push(await currencyProfile(ctx, { mine, rfm, abc, window, horizonWeeks }));
  }
  return { customerId, name: customer.name, asOf: window.asOf, utcOffset: window.utcOffset, currencies };
}

interface Standing {
  mine: PurchaseFigures;
  rfm: RfmScoring;
  abc: AbcRanking;
  window: AnalysisWindow;
  horizonWeeks: number;
}

/** Scores and class of the customer's current figures against everyone's, as the reports give them. */
function standingOf({ mine, rfm, abc, window }: Standing) {
  const recencyDays = window.endDay - localDay(mine.lastOrderAt, window.utcOffset);
  const r = quintileScoreOf(rfm.sorted.negatedRecency, -recencyDays);
  const f = quintileScoreOf(rfm.sorted.frequency, mine.orders);
  const m = quintileScoreOf(rfm.sorted.monetary, mine.total);
  const scores = { customerId: mine.customerId, recencyDays, frequency: mine.orders, monetary: mine.total, r, f, m, group: rfmGroup(r, f, m) };
  // everyone else in the list, and the customer whether the list had them yet or not
  const listedThere = rfm.scored.some((s) => s.customerId === mine.customerId);
  const comparedWith = rfm.scored.length + (listedThere ? 0 : 1);
  const less = countBelow(rfm.sorted.monetary, mine.total);
  const { ranked, cumulative } = abc;
  if (mine.total <= 0) return { scores, less, comparedWith, revenue: abc.revenue, abc: { class: 'C' as const, rank: ranked.length + 1, cumulativeShare: 1 } };
  // the first place ranked after the customer (largest revenue first, then lowest id)
  let lo = 0;
  let hi = ranked.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = ranked[mid] as AbcRanked;
    if (other.revenue > mine.total || (other.revenue === mine.total && other.customerId < mine.customerId)) lo = mid + 1;
    else hi = mid;
  }
  const listed = ranked[lo]?.customerId === mine.customerId;
  const revenue = listed ? abc.revenue : abc.revenue + mine.total;
  const before = lo > 0 ? (cumulative[lo - 1] as number) : 0;
  const cls = abcClasses([before, mine.total, revenue - before - mine.total], DEFAULT_ABC_SPLIT)[1] ?? 'C';
  return { scores, less, comparedWith, revenue, abc: { class: cls, rank: lo + 1, cumulativeShare: revenue > 0 ? Math.min(1, (before + mine.total) / revenue) : 0 } };
}

function countBelow(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

async function currencyProfile(ctx: Ctx, standing: Standing): Promise<CurrencyProfileShape> {
  const { mine, window, horizonWeeks } = standing;
  const { scores: rfm, less, comparedWith, revenue, abc } = standingOf(standing);
  const history = purchaseHistory(mine, window);
  const model = await purchaseModel(ctx, window, mine.currency);
  const usualGapDays = history.x > 0 ? (history.lastDay - history.firstDay) / history.x : null;
  const daysSinceLast = Math.max(0, window.endDay - history.lastDay);
  return {
    currency: mine.currency,
    comparedWith,
    orders: mine.orders,
    revenue: mine.total,
    firstOrderAt: mine.firstOrderAt,
    lastOrderAt: mine.lastOrderAt,
    rfm: { ...rfm, score: `${rfm.r}${rfm.f}${rfm.m}`, label: RFM_GROUP_LABELS[rfm.group] },
    abc,
    shareOfRevenue: revenue > 0 ? Math.max(0, mine.total) / revenue : 0,
    percentile: round((100 * less) / comparedWith, 1),
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
