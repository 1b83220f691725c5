import type { Expression, SqlBool } from 'kysely';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import { cursorOffset, type AnalysisFilterShape } from '../../domain/analytics.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { currencyProblem } from '../../domain/money.ts';
import type { Ctx } from '../context.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { analysisPopulation } from './population.ts';
import { populationCurrencies } from './purchase-figures.ts';

export interface Analysis {
  window: AnalysisWindow;
  population: Expression<SqlBool>;
  /** the currency analysed (the one most customers bought in unless asked), null without any orders */
  currency: string | null;
  currencies: Array<{ currency: string; customers: number }>;
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
    const problem = currencyProblem(filter.currency);
    if (problem) errors.push({ field: 'currency', message: problem });
  }
  const offset = cursorOffset(filter.cursor);
  if (offset === null) errors.push({ field: 'cursor', message: 'is not a cursor this report gave out' });
  if (errors.length > 0) throw validationError(errors);
  const currencies = await populationCurrencies(ctx, population);
  return { window, population, currency: filter.currency ?? currencies[0]?.currency ?? null, currencies, offset: offset ?? 0, limit: filter.limit ?? 50 };
}

/** One page of a computed list, with the cursor of the next. */
export function pageOf<T>(list: readonly T[], analysis: Pick<Analysis, 'offset' | 'limit'>): { page: T[]; nextOffset: number | null } {
  const page = list.slice(analysis.offset, analysis.offset + analysis.limit);
  const next = analysis.offset + analysis.limit;
  return { page, nextOffset: next < list.length ? next : null };
}
