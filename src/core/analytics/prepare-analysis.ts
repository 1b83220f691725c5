import type { Expression, SqlBool } from 'kysely';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import { cursorOffset, type AnalysisFilterShape } from '../../domain/analytics.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { currencyError } from '../../domain/money.ts';
import type { Ctx } from '../context.ts';
import { viewerKey } from './analysis-cache.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { analysisPopulation } from './population.ts';
import { keptFigures } from './purchase-figures.ts';

export interface Analysis {
  window: AnalysisWindow;
  population: Expression<SqlBool>;
  /** the currency analysed (the one most customers bought in unless asked), null without any orders */
  currency: string | null;
  currencies: Array<{ currency: string; customers: number }>;
  /** what the analysis covers (viewer, filters, window, currency), naming its cached results */
  key: unknown[];
  /** whose view and which filters: names the population's kept figures */
  populationKey: unknown[];
  /** where the page starts in the computed list */
  offset: number;
  limit: number;
}

type Filter = AnalysisFilterShape & { currency?: string; cursor?: string; limit?: number };

/** Checks an analysis's filters (one 400 naming every bad one) and resolves its window, population and currency. */
export async function prepareAnalysis(ctx: Ctx, filter: Filter): Promise<Analysis> {
  const errors: FieldError[] = [];
  const window = analysisWindow(filter, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  const population = await analysisPopulation(ctx, filter, errors);
  if (filter.currency !== undefined) {
    const problem = currencyError('currency', filter.currency);
    if (problem) errors.push(problem);
  }
  const offset = cursorOffset(filter.cursor);
  if (offset === null) errors.push({ field: 'cursor', message: 'is not a cursor this report gave out', code: 'field.cursor' });
  if (errors.length > 0) throw validationError(errors);
  // the population's figures are read anyway by every analysis prepared here; their currencies come with them
  const { currencies } = await keptFigures(ctx, population, window, populationKey(ctx, filter));
  const currency = filter.currency ?? currencies[0]?.currency ?? null;
  return { window, population, currency, currencies, key: analysisKey(ctx, filter, window, currency), populationKey: populationKey(ctx, filter), offset: offset ?? 0, limit: filter.limit ?? 50 };
}

/** The key of every live customer: an admin's view without filters, as populationKey names it, so a fit over everyone shares an admin's read. */
export const EVERY_CUSTOMER_KEY: readonly unknown[] = ['admin', null, null, null];

/** Whose view and which filters: what names a population. */
export const populationKey = (ctx: Ctx, filter: AnalysisFilterShape): unknown[] => [...viewerKey(ctx.actor), filter.ownerId ?? null, filter.teamId ?? null, filter.segmentId ?? null];

/** What an analysis covers — whose view, which filters, window and currency — naming its kept results. */
export function analysisKey(ctx: Ctx, filter: AnalysisFilterShape, window: AnalysisWindow, currency: string | null): unknown[] {
  return [...populationKey(ctx, filter), window.from, window.to, window.asOf, window.utcOffset, currency];
}

/** One page of a computed list, with the cursor of the next. */
export function pageOf<T>(list: readonly T[], analysis: Pick<Analysis, 'offset' | 'limit'>): { page: T[]; nextOffset: number | null } {
  const page = list.slice(analysis.offset, analysis.offset + analysis.limit);
  const next = analysis.offset + analysis.limit;
  return { page, nextOffset: next < list.length ? next : null };
}
