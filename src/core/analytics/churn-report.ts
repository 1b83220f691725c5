import { offsetCursor, type ChurnCustomerShape, type ChurnQueryShape, type ChurnReportShape } from '../../domain/analytics.ts';
import { churnReason } from '../../domain/churn-reason.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { DEFAULT_HORIZON_WEEKS, scoreClv, type ClvScored } from './clv-report.ts';
import { pageOf, prepareAnalysis, type Analysis } from './prepare-analysis.ts';
import { customerNames } from './purchase-figures.ts';
import type { PurchaseModel } from './purchase-model.ts';

export const DEFAULT_CHURN_THRESHOLD = 0.5;

export type ChurnScored = Omit<ChurnCustomerShape, 'name' | 'ownerId'>;

/** Churn risk (1 − P(alive)) of every customer of an analysis with orders, riskiest first, each with its reason; kept as the scores are. */
export async function scoreChurn(ctx: Ctx, analysis: Analysis, threshold: number): Promise<{ model: PurchaseModel | null; scored: ChurnScored[]; atRisk: ChurnScored[]; revenueAtRisk: number }> {
  const { model, scored } = await scoreClv(ctx, analysis, DEFAULT_HORIZON_WEEKS);
  const key = ['churn', ...analysis.key, threshold, model?.fittedAt ?? null];
  // the at-risk list and its revenue are kept beside the scores: a request then makes nothing the size of the population
  const kept = await remember(
    ctx,
    key,
    async () => {
      const list = churnOf(analysis, threshold, scored);
      const atRisk = list.filter((s) => s.atRisk);
      return { scored: list, atRisk, revenueAtRisk: atRisk.reduce((sum, s) => sum + s.revenue, 0) };
    },
    { weight: (k) => k.scored.length },
  );
  return { model, ...kept };
}

function churnOf(analysis: Analysis, threshold: number, scored: ClvScored[]): ChurnScored[] {
  const endDay = analysis.window.endDay;
  const out = scored.map(({ history: h, pAlive }) => {
    const usualGapDays = h.x > 0 ? (h.lastDay - h.firstDay) / h.x : null;
    const daysSinceLast = Math.max(0, endDay - h.lastDay);
    const churnRisk = Math.round((1 - pAlive) * 10_000) / 10_000;
    return {
      customerId: h.customerId,
      churnRisk,
      pAlive: Math.round(pAlive * 10_000) / 10_000,
      atRisk: churnRisk >= threshold,
      lastPurchaseAt: h.lastOrderAt,
      daysSinceLast,
      usualGapDays: usualGapDays === null ? null : Math.round(usualGapDays * 10) / 10,
      purchases: h.x + 1,
      revenue: h.total,
      reason: churnReason({ daysSinceLast, repeatPurchases: h.x, usualGapDays }),
    };
  });
  out.sort((a, b) => b.churnRisk - a.churnRisk || b.revenue - a.revenue || a.customerId - b.customerId);
  return out;
}

/** The churn-risk list: who is likely lost, why, and what they bought. */
export async function churnReport(ctx: Ctx, query: ChurnQueryShape): Promise<ChurnReportShape> {
  const analysis = await prepareAnalysis(ctx, query);
  const threshold = query.threshold ?? DEFAULT_CHURN_THRESHOLD;
  const { model, scored, atRisk, revenueAtRisk } = await scoreChurn(ctx, analysis, threshold);
  const { page, nextOffset } = pageOf(query.atRiskOnly ? atRisk : scored, analysis);
  const names = await customerNames(ctx, page.map((s) => s.customerId));
  return {
    asOf: analysis.window.asOf,
    from: null,
    to: analysis.window.to,
    utcOffset: analysis.window.utcOffset,
    currency: analysis.currency,
    currencies: analysis.currencies,
    threshold,
    model,
    customers: scored.length,
    atRisk: atRisk.length,
    revenueAtRisk,
    items: page.map((s) => ({ ...s, name: names.get(s.customerId)?.name ?? '', ownerId: names.get(s.customerId)?.ownerId ?? null })),
    nextCursor: nextOffset === null ? null : offsetCursor(nextOffset),
  };
}
