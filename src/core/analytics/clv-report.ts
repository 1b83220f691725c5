import { offsetCursor, type ClvQueryShape, type ClvReportShape } from '../../domain/analytics.ts';
import { expectedPurchases, probabilityAlive } from '../../domain/bgnbd.ts';
import { expectedSpend } from '../../domain/gamma-gamma.ts';
import type { AnalysisWindow } from '../../domain/analysis-window.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { pageOf, prepareAnalysis, type Analysis } from './prepare-analysis.ts';
import { customerNames, figureAt, figuresIn, keptFigures } from './purchase-figures.ts';
import { purchaseHistory, type PurchaseHistory } from './purchase-histories.ts';
import { purchaseModel, type PurchaseModel } from './purchase-model.ts';
import { assertCanWrite } from '../access/writes.ts';

export const DEFAULT_HORIZON_WEEKS = 52;

export interface ClvScored {
  history: PurchaseHistory;
  pAlive: number;
  expectedPurchases: number;
  expectedSpend: number | null;
  expectedValue: number | null;
}

/** Every customer of an analysis with orders in its currency, scored by the day's fitted models; kept until the next write or fit. */
export async function scoreClv(ctx: Ctx, analysis: Analysis, horizonWeeks: number, refit = false): Promise<{ model: PurchaseModel | null; scored: ClvScored[] }> {
  if (analysis.currency === null) return { model: null, scored: [] };
  const window = { ...analysis.window, from: null, fromInstant: null };
  const model = await purchaseModel(ctx, window, analysis.currency, refit);
  const scored = await remember(ctx, ['clv', ...analysis.key, horizonWeeks, model.fittedAt], () => scoreClvNow(ctx, analysis, window, model, horizonWeeks), { weight: (list) => list.length });
  return { model, scored };
}

async function scoreClvNow(ctx: Ctx, analysis: Analysis, window: AnalysisWindow, model: PurchaseModel, horizonWeeks: number): Promise<ClvScored[]> {
  const figures = figuresIn(await keptFigures(ctx, analysis.population, window, analysis.populationKey), analysis.currency);
  const bg = model.bgnbd;
  const gg = model.gammaGamma;
  return figures.customerId.map((_, i) => {
    const history = purchaseHistory(figureAt(figures, i), window);
    const pAlive = bg ? probabilityAlive(bg, history) : 1;
    const expected = bg ? expectedPurchases(bg, history, horizonWeeks) : 0;
    const purchases = Number.isFinite(expected) && expected > 0 ? expected : 0;
    const spend = gg ? expectedSpend(gg, history) : null;
    const value = spend === null || !Number.isFinite(spend) ? null : Math.round(purchases * spend);
    return { history, pAlive, expectedPurchases: purchases, expectedSpend: spend, expectedValue: value };
  });
}

interface ClvListing {
  listed: ClvScored[];
  expectedValue: number;
  distribution: ClvReportShape['distribution'];
}

/** The scored customers most valuable first, with the total and the distribution, kept as the scores are. */
function clvListing(ctx: Ctx, analysis: Analysis, horizonWeeks: number, model: PurchaseModel | null, scored: ClvScored[]): Promise<ClvListing> {
  return remember(
    ctx,
    ['clv-listing', ...analysis.key, horizonWeeks, model?.fittedAt ?? null],
    async () => {
      const listed = [...scored].sort((a, b) => (b.expectedValue ?? -1) - (a.expectedValue ?? -1) || b.history.total - a.history.total || a.history.customerId - b.history.customerId);
      const values = scored.map((s) => s.expectedValue).filter((v): v is number => v !== null);
      return { listed, expectedValue: values.reduce((sum, v) => sum + v, 0), distribution: distribution(values) };
    },
    { weight: (l) => l.listed.length / 10 },
  );
}

/** Ten buckets of expected value from 0 to the 99th percentile, the last one open-ended. */
function distribution(values: number[]): ClvReportShape['distribution'] {
  if (values.length === 0) return [];
  const sorted = [...values].sort((a, b) => a - b);
  const top = sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)] as number;
  const magnitude = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(top, 1) / 10)));
  const width = Math.max(1, Math.ceil(top / 10 / magnitude) * magnitude);
  const buckets = Array.from({ length: 10 }, (_, i) => ({ from: i * width, to: (i + 1) * width, customers: 0 }));
  const last = buckets[9] as { to: number };
  last.to = Math.max(last.to, sorted[sorted.length - 1] as number);
  for (const v of sorted) (buckets[Math.min(9, Math.floor(v / width))] as { customers: number }).customers++;
  return buckets;
}

/** Customer lifetime value: fitted parameters, expected purchases and value over the horizon per customer. */
export async function clvReport(ctx: Ctx, query: ClvQueryShape): Promise<ClvReportShape> {
  // a refit replaces the day's stored fit, which every viewer's P(alive) and churn risk use
  if (query.refit === true) assertCanWrite(ctx.actor);
  const analysis = await prepareAnalysis(ctx, query);
  const horizonWeeks = query.horizonWeeks ?? DEFAULT_HORIZON_WEEKS;
  const { model, scored } = await scoreClv(ctx, analysis, horizonWeeks, query.refit === true);
  const { listed, expectedValue, distribution } = await clvListing(ctx, analysis, horizonWeeks, model, scored);
  const { page, nextOffset } = pageOf(listed, analysis);
  const names = await customerNames(ctx, page.map((s) => s.history.customerId));
  return {
    asOf: analysis.window.asOf,
    from: null,
    to: analysis.window.to,
    utcOffset: analysis.window.utcOffset,
    currency: analysis.currency,
    currencies: analysis.currencies,
    horizonWeeks,
    model,
    bgnbd: model?.bgnbd ?? null,
    gammaGamma: model?.gammaGamma ?? null,
    customers: scored.length,
    expectedValue,
    distribution,
    items: page.map((s) => ({
      customerId: s.history.customerId,
      name: names.get(s.history.customerId)?.name ?? '',
      frequency: s.history.x,
      recencyWeeks: round(s.history.tx, 2),
      ageWeeks: round(s.history.T, 2),
      averageValue: Math.round(s.history.total / Math.max(1, s.history.x + 1)),
      pAlive: round(s.pAlive, 4),
      expectedPurchases: round(s.expectedPurchases, 4),
      expectedSpend: s.expectedSpend === null ? null : round(s.expectedSpend, 2),
      expectedValue: s.expectedValue,
    })),
    nextCursor: nextOffset === null ? null : offsetCursor(nextOffset),
  };
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
