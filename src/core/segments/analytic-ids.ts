import { expressionBuilder } from 'kysely';
import { analysisWindow } from '../../domain/analysis-window.ts';
import type { FilterCondition } from '../../domain/segment-filter.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';
import { abcSplit, rankAbc } from '../analytics/abc-report.ts';
import { analyticsUtcOffset } from '../analytics/analytics-offset.ts';
import { DEFAULT_CHURN_THRESHOLD, scoreChurn } from '../analytics/churn-report.ts';
import { DEFAULT_HORIZON_WEEKS, scoreClv } from '../analytics/clv-report.ts';
import { analysisKey, populationKey, type Analysis } from '../analytics/prepare-analysis.ts';
import { populationCurrencies } from '../analytics/purchase-figures.ts';
import { scoreRfm } from '../analytics/rfm-report.ts';
import { onForgetAnalyses } from '../analytics/analysis-cache.ts';

const compare = (operator: string, value: unknown) => (x: number): boolean => {
  const v = value as number;
  switch (operator) {
    case 'eq':
      return x === v;
    case 'neq':
      return x !== v;
    case 'gt':
      return x > v;
    case 'gte':
      return x >= v;
    case 'lt':
      return x < v;
    case 'lte':
      return x <= v;
    default: {
      const [a, b] = value as [number, number];
      return x >= a && x <= b;
    }
  }
};

const oneOf = (operator: string, value: unknown) => {
  const list = new Set(Array.isArray(value) ? (value as string[]) : [value as string]);
  const positive = operator === 'eq' || operator === 'in';
  return (x: string) => list.has(x) === positive;
};

// A segment read page by page (an export) asks the same question many times in a row.
const CACHE_MS = 60_000;
const MAX_CACHED = 20;
const cache = new Map<string, { at: number; ids: number[] }>();
onForgetAnalyses(() => cache.clear());

/**
 * As analyticIdsNow, remembered for a minute per actor, condition and day while nothing is
 * written (every write leaves an audit entry, so the newest entry's id tells).
 */
export async function analyticIds(ctx: Ctx, cond: FilterCondition): Promise<number[]> {
  const { actor } = ctx;
  const lastWrite = await ctx.db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst();
  const key = JSON.stringify([actor.userId, actor.role, actor.teamId, actor.teamIds ?? [], cond, ctx.clock.now().toISOString().slice(0, 10), lastWrite?.id ?? 0]);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && now - hit.at < CACHE_MS) return hit.ids;
  const ids = await analyticIdsNow(ctx, cond);
  cache.set(key, { at: now, ids });
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  return ids;
}

/**
 * The customers (among those the actor may see) an analytic condition holds for: RFM group,
 * ABC class, churn risk or lifetime value, each computed as its report would today over all
 * the actor's customers, in the condition's currency or the main one.
 */
async function analyticIdsNow(ctx: Ctx, cond: FilterCondition): Promise<number[]> {
  const eb = expressionBuilder<Schema, 'customers'>();
  const population = eb.and([visibleCustomers(ctx.actor), eb('customers.deleted_at', 'is', null)]);
  const window = analysisWindow({}, ctx.clock.now(), await analyticsUtcOffset(ctx), []);
  const currencies = await populationCurrencies(ctx, population);
  const currency = cond.currency ?? currencies[0]?.currency ?? null;
  const analysis: Analysis = { window, population, currency, currencies, key: analysisKey(ctx, {}, window, currency), populationKey: populationKey(ctx, {}), offset: 0, limit: 0 };
  switch (cond.field) {
    case 'rfmGroup': {
      const test = oneOf(cond.operator, cond.value);
      return (await scoreRfm(ctx, analysis)).scored.filter((s) => test(s.group)).map((s) => s.customerId);
    }
    case 'abcClass': {
      const test = oneOf(cond.operator, cond.value);
      const ranked = await rankAbc(ctx, analysis, abcSplit({}));
      const ids = ranked.filter((r) => test(r.class)).map((r) => r.customerId);
      // customers without revenue are class C too
      if (!test('C')) return ids;
      const withRevenue = ranked.map((r) => r.customerId);
      const rest = await ctx.db.selectFrom('customers').select('id').where(population).$if(withRevenue.length > 0, (q) => q.where((e) => e.not(ctx.dialect.idIn('customers.id', withRevenue)))).execute();
      return [...ids, ...rest.map((r) => Number(r.id))];
    }
    case 'churnRisk': {
      const test = compare(cond.operator, cond.value);
      return (await scoreChurn(ctx, analysis, DEFAULT_CHURN_THRESHOLD)).scored.filter((s) => test(s.churnRisk)).map((s) => s.customerId);
    }
    default: {
      const test = compare(cond.operator, cond.value);
      return (await scoreClv(ctx, analysis, DEFAULT_HORIZON_WEEKS)).scored.filter((s) => s.expectedValue !== null && test(s.expectedValue)).map((s) => s.history.customerId);
    }
  }
}
