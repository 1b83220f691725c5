import { abcClasses, abcCurve, ABC_CLASSES, DEFAULT_ABC_SPLIT, type AbcClass } from '../../domain/abc.ts';
import { offsetCursor, type AbcQueryShape, type AbcReportShape } from '../../domain/analytics.ts';
import { validationError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { prepareAnalysis, type Analysis } from './prepare-analysis.ts';
import { customerNames, figuresIn, keptFigures, type FigureColumns } from './purchase-figures.ts';

export interface AbcRanked {
  customerId: number;
  revenue: number;
  class: AbcClass;
}

/** The split from a query's `a` and `b`, refused unless 0 < a < b ≤ 1. */
export function abcSplit(query: { a?: number | undefined; b?: number | undefined }): { a: number; b: number } {
  const split = { a: query.a ?? DEFAULT_ABC_SPLIT.a, b: query.b ?? DEFAULT_ABC_SPLIT.b };
  if (!(split.a < split.b)) throw validationError([{ field: 'b', message: `must be more than a (${split.a})`, code: 'field.more_than', params: { other: 'a', value: split.a } }]);
  return split;
}

/** Customers of an analysis with revenue in its window and currency, largest first, with their class. */
export async function rankAbc(ctx: Ctx, analysis: Analysis, split: { a: number; b: number }): Promise<AbcRanked[]> {
  return (await abcRanking(ctx, analysis, split)).ranked;
}

export interface AbcRanking {
  ranked: AbcRanked[];
  /** cumulative revenue down to each rank, as ranked */
  cumulative: Float64Array;
  revenue: number;
  population: number;
  classes: AbcReportShape['classes'];
  curve: AbcReportShape['curve'];
}

/** The ranking behind the ABC report and the profile's standing, kept until the next write (or, with `maxStaleMs`, that long). */
export function abcRanking(ctx: Ctx, analysis: Analysis, split: { a: number; b: number }, maxStaleMs?: number): Promise<AbcRanking> {
  return remember(ctx, ['abc', ...analysis.key, split.a, split.b], () => abcRankingNow(ctx, analysis, split), { weight: (r) => r.ranked.length, maxStaleMs });
}

async function abcRankingNow(ctx: Ctx, analysis: Analysis, split: { a: number; b: number }): Promise<AbcRanking> {
  const figures = await keptFigures(ctx, analysis.population, analysis.window, analysis.populationKey);
  const ranked = rankAbcFigures(figuresIn(figures, analysis.currency), split);
  const cumulative = new Float64Array(ranked.length);
  let revenue = 0;
  ranked.forEach((r, i) => (cumulative[i] = revenue += r.revenue));
  const population = figures.size;
  const withoutRevenue = Math.max(0, population - ranked.length);
  const classes = ABC_CLASSES.map((c) => {
    let customers = c === 'C' ? withoutRevenue : 0;
    let sum = 0;
    for (const r of ranked) {
      if (r.class !== c) continue;
      customers++;
      sum += r.revenue;
    }
    return { class: c, customers, customerShare: population > 0 ? customers / population : 0, revenue: sum, revenueShare: revenue > 0 ? sum / revenue : 0 };
  });
  return { ranked, cumulative, revenue, population, classes, curve: abcCurve(ranked.map((r) => r.revenue)) };
}

/** Customers' figures in one currency with revenue, largest first, with their class. */
export function rankAbcFigures(figures: FigureColumns, split: { a: number; b: number }): AbcRanked[] {
  const ranked: AbcRanked[] = [];
  figures.total.forEach((total, i) => {
    if (total > 0) ranked.push({ customerId: figures.customerId[i] as number, revenue: total, class: 'C' });
  });
  ranked.sort((x, y) => y.revenue - x.revenue || x.customerId - y.customerId);
  const classes = abcClasses(ranked.map((r) => r.revenue), split);
  ranked.forEach((r, i) => (r.class = classes[i] as AbcClass));
  return ranked;
}

/** The ABC (Pareto) analysis: classes, the curve and one page of ranked customers. */
export async function abcReport(ctx: Ctx, query: AbcQueryShape): Promise<AbcReportShape> {
  const split = abcSplit(query);
  const analysis = await prepareAnalysis(ctx, query);
  const { ranked, cumulative, revenue, population, classes, curve } = await abcRanking(ctx, analysis, split);
  const ranks = query.class === undefined ? null : ranked.flatMap((r, i) => (r.class === query.class ? [i] : []));
  const listed = ranks?.length ?? ranked.length;
  const page = range(analysis.offset, Math.min(analysis.offset + analysis.limit, listed)).map((k) => (ranks ? (ranks[k] as number) : k));
  const nextOffset = analysis.offset + analysis.limit < listed ? analysis.offset + analysis.limit : null;
  const names = await customerNames(ctx, page.map((i) => (ranked[i] as AbcRanked).customerId));
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
    withoutRevenue: Math.max(0, population - ranked.length),
    curve,
    items: page.map((i) => {
      const r = ranked[i] as AbcRanked;
      const share = revenue > 0 ? r.revenue / revenue : 0;
      const cumulativeShare = revenue > 0 ? Math.min(1, (cumulative[i] as number) / revenue) : 0;
      return { ...r, rank: i + 1, share, cumulativeShare, name: names.get(r.customerId)?.name ?? '', level: names.get(r.customerId)?.level ?? null };
    }),
    nextCursor: nextOffset === null ? null : offsetCursor(nextOffset),
  };
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
