import { abcClasses, abcCurve, ABC_CLASSES, DEFAULT_ABC_SPLIT, type AbcClass } from '../../domain/abc.ts';
import { offsetCursor, type AbcQueryShape, type AbcReportShape } from '../../domain/analytics.ts';
import { validationError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { pageOf, prepareAnalysis, type Analysis } from './prepare-analysis.ts';
import { customerNames, loadPurchaseFigures, populationSize, type PurchaseFigures } from './purchase-figures.ts';

export interface AbcRanked {
  customerId: number;
  revenue: number;
  class: AbcClass;
}

/** The split from a query's `a` and `b`, refused unless 0 < a < b ≤ 1. */
export function abcSplit(query: { a?: number | undefined; b?: number | undefined }): { a: number; b: number } {
  const split = { a: query.a ?? DEFAULT_ABC_SPLIT.a, b: query.b ?? DEFAULT_ABC_SPLIT.b };
  if (!(split.a < split.b)) throw validationError([{ field: 'b', message: `must be more than a (${split.a})` }]);
  return split;
}

/** Customers of an analysis with revenue in its window and currency, largest first, with their class. */
export async function rankAbc(ctx: Ctx, analysis: Analysis, split: { a: number; b: number }): Promise<AbcRanked[]> {
  return rankAbcFigures(analysis.currency === null ? [] : await loadPurchaseFigures(ctx, analysis.population, analysis.window, analysis.currency), split);
}

/** Customers' figures in one currency with revenue, largest first, with their class. */
export function rankAbcFigures(figures: readonly PurchaseFigures[], split: { a: number; b: number }): AbcRanked[] {
  const ranked = figures.filter((f) => f.total > 0).sort((x, y) => y.total - x.total || x.customerId - y.customerId);
  const classes = abcClasses(ranked.map((f) => f.total), split);
  return ranked.map((f, i) => ({ customerId: f.customerId, revenue: f.total, class: classes[i] as AbcClass }));
}

/** The ABC (Pareto) analysis: classes, the curve and one page of ranked customers. */
export async function abcReport(ctx: Ctx, query: AbcQueryShape): Promise<AbcReportShape> {
  const split = abcSplit(query);
  const analysis = await prepareAnalysis(ctx, query);
  const ranked = await rankAbc(ctx, analysis, split);
  const revenue = ranked.reduce((sum, r) => sum + r.revenue, 0);
  const population = await populationSize(ctx, analysis.population);
  const withoutRevenue = Math.max(0, population - ranked.length);
  let cumulative = 0;
  const rows = ranked.map((r, i) => {
    cumulative += r.revenue;
    return { ...r, rank: i + 1, share: revenue > 0 ? r.revenue / revenue : 0, cumulativeShare: revenue > 0 ? Math.min(1, cumulative / revenue) : 0 };
  });
  const listed = query.class === undefined ? rows : rows.filter((r) => r.class === query.class);
  const { page, nextOffset } = pageOf(listed, analysis);
  const names = await customerNames(ctx, page.map((r) => r.customerId));
  const classes = ABC_CLASSES.map((c) => {
    const members = ranked.filter((r) => r.class === c);
    const customers = members.length + (c === 'C' ? withoutRevenue : 0);
    const sum = members.reduce((s, r) => s + r.revenue, 0);
    return { class: c, customers, customerShare: population > 0 ? customers / population : 0, revenue: sum, revenueShare: revenue > 0 ? sum / revenue : 0 };
  });
  return {
    asOf: analysis.window.asOf,
    from: analysis.window.from,
    to: analysis.window.to,
    utcOffset: analysis.window.utcOffset,
    currency: analysis.currency,
    currencies: analysis.currencies,
    split,
    customers: ranked.length,
    revenue,
    classes,
    withoutRevenue,
    curve: abcCurve(ranked.map((r) => r.revenue)),
    items: page.map((r) => ({ ...r, name: names.get(r.customerId)?.name ?? '', level: names.get(r.customerId)?.level ?? null })),
    nextCursor: nextOffset === null ? null : offsetCursor(nextOffset),
  };
}
