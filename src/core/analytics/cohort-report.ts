import { addMonths, buildCohortsFromJoined } from '../../domain/cohorts.ts';
import type { CohortQueryShape, CohortReportShape } from '../../domain/analytics.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import type { Expression, SqlBool } from 'kysely';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { analysisKey } from './prepare-analysis.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { analysisPopulation } from './population.ts';
import { loadPurchaseMonths } from './purchase-figures.ts';

/** At most this many cohorts (months) are reported, the latest ones. */
export const MAX_COHORTS = 60;

/**
 * Retention cohorts: customers grouped by the month of their first order (in any currency),
 * and the share of each cohort that ordered again in every later month up to `asOf`. `from`
 * and `to` choose the cohorts (first-order months); every order up to `asOf` counts.
 */
export async function cohortReport(ctx: Ctx, query: CohortQueryShape): Promise<CohortReportShape> {
  const errors: FieldError[] = [];
  const window = analysisWindow(query, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  const population = await analysisPopulation(ctx, query, errors);
  if (errors.length > 0) throw validationError(errors);
  return remember(ctx, ['cohorts', ...analysisKey(ctx, query, window, null)], () => cohortsNow(ctx, window, population), { weight: () => 1 });
}

async function cohortsNow(ctx: Ctx, window: AnalysisWindow, population: Expression<SqlBool>): Promise<CohortReportShape> {
  const everything = { ...window, from: null, fromInstant: null, endInstant: analysisWindow({ asOf: window.asOf }, ctx.clock.now(), window.utcOffset, []).endInstant };
  const figures = await loadPurchaseMonths(ctx, population, everything);
  // most customers buy in one currency: only those in two or more need their months merged
  const maxId = figures.reduce((m, f) => Math.max(m, f.customerId), 0);
  const rowsOf = new Uint8Array(maxId + 1);
  for (const f of figures) rowsOf[f.customerId] = Math.min(2, (rowsOf[f.customerId] as number) + 1);
  const joined: string[] = [];
  const merged = new Map<number, Set<string>>();
  for (const f of figures) {
    if (rowsOf[f.customerId] === 1) {
      joined.push(f.months);
      continue;
    }
    const months = merged.get(f.customerId) ?? new Set<string>();
    for (const m of f.months.split(',')) months.add(m);
    merged.set(f.customerId, months);
  }
  for (const months of merged.values()) joined.push([...months].sort().join(','));
  const lastMonth = window.asOf.slice(0, 7);
  const lastCohort = window.to.slice(0, 7);
  const earliest = addMonths(lastCohort, -(MAX_COHORTS - 1));
  const firstCohort = window.from === null || window.from.slice(0, 7) < earliest ? earliest : window.from.slice(0, 7);
  const rows = buildCohortsFromJoined(joined, lastMonth, firstCohort).filter((row) => row.month <= lastCohort);
  return {
    asOf: window.asOf,
    from: window.from,
    to: window.to,
    utcOffset: window.utcOffset,
    months: rows.map((r) => r.month),
    cohorts: rows.map((r) => ({ ...r, retention: r.active.map((a) => (r.customers > 0 ? a / r.customers : 0)) })),
  };
}

