import type { AnalysisWindow } from '../../domain/analysis-window.ts';
import { offsetCursor, type RfmQueryShape, type RfmReportShape } from '../../domain/analytics.ts';
import { localDay } from '../../domain/order-stats.ts';
import { quintiles, RFM_GROUP_LABELS, RFM_GROUPS, rfmGroup, type RfmGroup, type Score } from '../../domain/rfm.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { pageOf, prepareAnalysis, type Analysis } from './prepare-analysis.ts';
import { customerNames, figuresIn, keptFigures, type FigureColumns } from './purchase-figures.ts';

export interface RfmScored {
  customerId: number;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: Score;
  f: Score;
  m: Score;
  group: RfmGroup;
}

const groupRank = new Map(RFM_GROUPS.map((g, i) => [g, i]));

/** Each measure of the scored customers, sorted ascending, to score one more customer against them. */
export interface RfmSorted {
  /** days since the last order, negated (fewer days score higher) */
  negatedRecency: Float64Array;
  frequency: Float64Array;
  monetary: Float64Array;
}

export interface RfmScoring {
  /** in the report's order: by group, then largest monetary value */
  scored: RfmScored[];
  thresholds: RfmReportShape['thresholds'];
  sorted: RfmSorted;
  groups: RfmReportShape['groups'];
  grid: RfmReportShape['grid'];
  /** customers in the population, with orders or not */
  population: number;
}

/** RFM scores of every customer of an analysis with orders in its window and currency, kept until the next write (or, with `maxStaleMs`, that long). */
export function scoreRfm(ctx: Ctx, analysis: Analysis, maxStaleMs?: number): Promise<RfmScoring> {
  return remember(ctx, ['rfm', ...analysis.key], () => scoreRfmNow(ctx, analysis), { weight: (s) => s.scored.length, maxStaleMs });
}

async function scoreRfmNow(ctx: Ctx, analysis: Analysis): Promise<RfmScoring> {
  const { window, currency } = analysis;
  const figures = await keptFigures(ctx, analysis.population, window, analysis.populationKey);
  const { scored, thresholds, sorted } = scoreRfmFigures(figuresIn(figures, currency), window);
  const totals = RFM_GROUPS.map(() => ({ customers: 0, revenue: 0 }));
  const grid = new Array<number>(25).fill(0);
  // by group, then largest monetary value: each group sorted on its own, so the comparison is on numbers only
  const byGroup = RFM_GROUPS.map(() => [] as RfmScored[]);
  for (const s of scored) {
    const rank = groupRank.get(s.group) as number;
    const g = totals[rank] as { customers: number; revenue: number };
    g.customers++;
    g.revenue += s.monetary;
    (byGroup[rank] as RfmScored[]).push(s);
    const cell = (5 - s.r) * 5 + Math.floor((s.f + s.m) / 2 + 0.5) - 1;
    grid[cell] = (grid[cell] as number) + 1;
  }
  const ordered = byGroup.flatMap((list) => list.sort((a, b) => b.monetary - a.monetary || a.customerId - b.customerId));
  return {
    scored: ordered,
    thresholds,
    sorted,
    groups: RFM_GROUPS.map((group, i) => {
      const g = totals[i] as { customers: number; revenue: number };
      return { group, label: RFM_GROUP_LABELS[group], customers: g.customers, share: scored.length > 0 ? g.customers / scored.length : 0, revenue: g.revenue };
    }),
    grid: [5, 4, 3, 2, 1].flatMap((r) => [1, 2, 3, 4, 5].map((fm) => ({ r, fm, customers: grid[(5 - r) * 5 + fm - 1] as number }))),
    population: figures.size,
  };
}

/** RFM scores of customers' figures in one currency, as of the window's end. */
export function scoreRfmFigures(figures: FigureColumns, window: AnalysisWindow): { scored: RfmScored[]; thresholds: RfmReportShape['thresholds']; sorted: RfmSorted } {
  const n = figures.customerId.length;
  const negatedRecency = new Float64Array(n);
  for (let i = 0; i < n; i++) negatedRecency[i] = -(window.endDay - localDay(figures.lastOrderAt[i] as string, window.utcOffset));
  // fewer days is better: score the negated days, so the most recent fifth scores 5 as the top fifth does elsewhere
  const r = quintiles(negatedRecency);
  const f = quintiles(figures.orders);
  const m = quintiles(figures.total);
  const thresholds = { recencyDays: r.thresholds.map((t) => (t === null ? null : -t || 0)), frequency: f.thresholds, monetary: m.thresholds };
  const scored = new Array<RfmScored>(n);
  for (let i = 0; i < n; i++) {
    const rs = r.scores[i] as Score;
    const fs = f.scores[i] as Score;
    const ms = m.scores[i] as Score;
    scored[i] = { customerId: figures.customerId[i] as number, recencyDays: -(negatedRecency[i] as number) || 0, frequency: figures.orders[i] as number, monetary: figures.total[i] as number, r: rs, f: fs, m: ms, group: rfmGroup(rs, fs, ms) };
  }
  return { scored, thresholds, sorted: { negatedRecency: r.sorted, frequency: f.sorted, monetary: m.sorted } };
}

/** The RFM analysis: thresholds, named groups, the R × FM grid and one page of scored customers. */
export async function rfmReport(ctx: Ctx, query: RfmQueryShape): Promise<RfmReportShape> {
  const analysis = await prepareAnalysis(ctx, query);
  const { scored, thresholds, groups, grid, population } = await scoreRfm(ctx, analysis);
  const listed = query.group === undefined ? scored : scored.filter((s) => s.group === query.group);
  const { page, nextOffset } = pageOf(listed, analysis);
  const names = await customerNames(ctx, page.map((s) => s.customerId));
  return {
    asOf: analysis.window.asOf,
    from: analysis.window.from,
    to: analysis.window.to,
    utcOffset: analysis.window.utcOffset,
    currency: analysis.currency,
    currencies: analysis.currencies,
    customers: scored.length,
    withoutOrders: Math.max(0, population - scored.length),
    thresholds,
    groups,
    grid,
    items: page.map((s) => ({ ...s, name: names.get(s.customerId)?.name ?? '', score: `${s.r}${s.f}${s.m}` })),
    nextCursor: nextOffset === null ? null : offsetCursor(nextOffset),
  };
}
