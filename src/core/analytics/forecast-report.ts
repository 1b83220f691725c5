import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import { analysisWindow } from '../../domain/analysis-window.ts';
import type { ForecastQueryShape, ForecastReportShape } from '../../domain/analytics.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import type { Schema } from '../db/schema.ts';
import { visibleDeals } from '../deals/deals.policy.ts';
import { segmentCondition } from '../segments/segment-condition.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { teamTree } from './population.ts';

type Sums = { currency: string; deals: number; amount: number; weighted: number };

function add(map: Map<string, Sums & Record<string, unknown>>, key: string, extra: Record<string, unknown>, currency: string, amount: number, probability: number): void {
  const k = `${key}|${currency}`;
  const sums = map.get(k) ?? { ...extra, currency, deals: 0, amount: 0, weighted: 0 };
  sums.deals++;
  sums.amount += amount;
  sums.weighted += Math.round((amount * probability) / 100);
  map.set(k, sums);
}

/** Deals the forecast covers: those the actor may see, by deal owner, owner's team and customer segment. */
async function dealScope(ctx: Ctx, query: ForecastQueryShape, errors: FieldError[]): Promise<Expression<SqlBool>> {
  const eb = expressionBuilder<Schema, 'deals'>();
  const parts: Expression<SqlBool>[] = [visibleDeals(ctx.actor), eb('deals.deleted_at', 'is', null)];
  if (query.ownerId !== undefined) parts.push(eb('deals.owner_id', '=', query.ownerId));
  if (query.teamId !== undefined) {
    const exists = await ctx.db.selectFrom('teams').select('id').where('id', '=', query.teamId).executeTakeFirst();
    if (!exists) errors.push({ field: 'teamId', message: `team ${query.teamId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: query.teamId } });
    const teams = exists ? await teamTree(ctx, query.teamId) : [];
    parts.push(teams.length === 0 ? sql<boolean>`1 = 0` : eb('deals.owner_id', 'in', eb.selectFrom('users').select('users.id').where('users.team_id', 'in', teams)));
  }
  if (query.segmentId !== undefined) {
    const members = await segmentCondition(ctx, query.segmentId, errors);
    parts.push(eb.exists(eb.selectFrom('customers').select('customers.id').whereRef('customers.id', '=', 'deals.customer_id').where(members)));
  }
  return eb.and(parts);
}

/**
 * The sales forecast: open deals weighted by their stage's probability, per month of expected
 * close (from..to choose the months; undated deals always count), per owner and per team, per
 * currency; and the deals closed in the period: win and loss rates, average days to close.
 */
export async function forecastReport(ctx: Ctx, query: ForecastQueryShape): Promise<ForecastReportShape> {
  const errors: FieldError[] = [];
  const window = analysisWindow(query, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  const scope = await dealScope(ctx, query, errors);
  if (errors.length > 0) throw validationError(errors);
  const open = await ctx.db
    .selectFrom('deals')
    .innerJoin('pipeline_stages', 'pipeline_stages.id', 'deals.stage_id')
    .leftJoin('users', 'users.id', 'deals.owner_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .where(scope)
    .where('deals.status', '=', 'open')
    .select(['deals.amount', 'deals.currency', 'deals.owner_id', 'users.name as owner_name', 'users.team_id', 'teams.name as team_name', 'pipeline_stages.probability', sql<string | null>`cast(${sql.ref('deals.expected_close')} as text)`.as('expected_close')])
    .execute();
  const months = new Map<string, Sums & Record<string, unknown>>();
  const owners = new Map<string, Sums & Record<string, unknown>>();
  const teams = new Map<string, Sums & Record<string, unknown>>();
  // expected close is a date: the window's from/to compare as dates, and no asOf cap applies to the future
  const lastMonth = query.to ?? null;
  for (const d of open) {
    const close = d.expected_close;
    if (close !== null && ((window.from !== null && close < window.from) || (lastMonth !== null && close > lastMonth))) continue;
    const amount = Number(d.amount);
    const probability = Number(d.probability);
    add(months, close === null ? '' : close.slice(0, 7), { month: close === null ? null : close.slice(0, 7) }, d.currency, amount, probability);
    add(owners, String(d.owner_id), { ownerId: d.owner_id === null ? null : Number(d.owner_id), name: d.owner_name ?? null }, d.currency, amount, probability);
    add(teams, String(d.team_id), { teamId: d.team_id === null ? null : Number(d.team_id), name: d.team_name ?? null }, d.currency, amount, probability);
  }
  const closed = await ctx.db
    .selectFrom('deals')
    .where(scope)
    .where('deals.status', 'in', ['won', 'lost'])
    .where('deals.closed_at', 'is not', null)
    .where('deals.closed_at', '<', window.endInstant)
    .$if(window.fromInstant !== null, (q) => q.where('deals.closed_at', '>=', window.fromInstant as string))
    .select(['deals.status', 'deals.currency', 'deals.amount', 'deals.created_at', 'deals.closed_at'])
    .execute();
  const won = closed.filter((d) => d.status === 'won');
  const lost = closed.length - won.length;
  const wonAmounts = new Map<string, number>();
  for (const d of won) wonAmounts.set(d.currency, (wonAmounts.get(d.currency) ?? 0) + Number(d.amount));
  const days = won.map((d) => (Date.parse(d.closed_at as string) - Date.parse(d.created_at)) / 86_400_000);
  const byMonth = (a: { month: unknown }, b: { month: unknown }) => (a.month === null ? 1 : b.month === null ? -1 : String(a.month).localeCompare(String(b.month)));
  const byWeight = (a: Sums, b: Sums) => b.weighted - a.weighted || a.currency.localeCompare(b.currency);
  return {
    asOf: window.asOf,
    from: window.from,
    to: window.to,
    utcOffset: window.utcOffset,
    months: ([...months.values()] as ForecastReportShape['months']).sort((a, b) => byMonth(a, b) || a.currency.localeCompare(b.currency)),
    owners: ([...owners.values()] as ForecastReportShape['owners']).sort(byWeight),
    teams: ([...teams.values()] as ForecastReportShape['teams']).sort(byWeight),
    closed: {
      won: won.length,
      lost,
      winRate: closed.length > 0 ? won.length / closed.length : null,
      lossRate: closed.length > 0 ? lost / closed.length : null,
      averageDaysToClose: days.length > 0 ? Math.round((days.reduce((s, d) => s + d, 0) / days.length) * 10) / 10 : null,
      wonAmounts: [...wonAmounts].map(([currency, amount]) => ({ currency, amount })).sort((a, b) => b.amount - a.amount),
    },
  };
}
