import type { Expression, SqlBool } from 'kysely';
import { analysisWindow, type AnalysisWindow } from '../../domain/analysis-window.ts';
import type { LifecycleQueryShape, LifecycleReportShape } from '../../domain/analytics.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { funnelFigures, type Stage, type Timeline } from '../../domain/lifecycle.ts';
import { localMonth } from '../../domain/order-stats.ts';
import type { Ctx } from '../context.ts';
import { remember } from './analysis-cache.ts';
import { analyticsUtcOffset } from './analytics-offset.ts';
import { analysisKey } from './prepare-analysis.ts';
import { analysisPopulation } from './population.ts';

interface Member extends Timeline {
  key: { owner: string | null; team: string | null; source: string | null; month: string };
}

/**
 * Lifecycle: every customer's stage history (creation and each recorded change), the funnel
 * over it — entries per stage in the period, conversion rates and median days between stages —
 * and the same funnel per owner, team, source or month of creation when asked.
 */
export async function lifecycleReport(ctx: Ctx, query: LifecycleQueryShape): Promise<LifecycleReportShape> {
  const errors: FieldError[] = [];
  const window = analysisWindow(query, ctx.clock.now(), await analyticsUtcOffset(ctx), errors);
  const population = await analysisPopulation(ctx, query, errors);
  if (errors.length > 0) throw validationError(errors);
  // every customer and stage change read (10 s of CPU at 1,000,000 customers): kept until the next write, as the other analyses are
  return remember(ctx, ['lifecycle', ...analysisKey(ctx, query, window, null), query.groupBy ?? null], () => lifecycleNow(ctx, query, window, population), { weight: () => 1 });
}

async function lifecycleNow(ctx: Ctx, query: LifecycleQueryShape, window: AnalysisWindow, population: Expression<SqlBool>): Promise<LifecycleReportShape> {
  const end = Date.parse(window.endInstant);
  const customers = await ctx.db
    .selectFrom('customers')
    .leftJoin('users', 'users.id', 'customers.owner_id')
    .where(population)
    .where('customers.created_at', '<', window.endInstant)
    .select(['customers.id', 'customers.created_at', 'customers.stage', 'customers.owner_id', 'customers.source', 'users.team_id'])
    .execute();
  const members = new Map<number, Member>();
  for (const c of customers) {
    members.set(Number(c.id), {
      createdAt: Date.parse(c.created_at),
      stage: c.stage,
      changes: [],
      key: {
        owner: c.owner_id === null ? null : String(c.owner_id),
        team: c.team_id === null ? null : String(c.team_id),
        source: c.source,
        month: localMonth(c.created_at, window.utcOffset),
      },
    });
  }
  const changes = await ctx.db
    .selectFrom('customer_stage_changes as h')
    .innerJoin('customers', 'customers.id', 'h.customer_id')
    .where(population)
    .select(['h.customer_id', 'h.from_stage', 'h.to_stage', 'h.changed_at'])
    .orderBy('h.customer_id')
    .orderBy('h.changed_at')
    .orderBy('h.id')
    .execute();
  for (const h of changes) members.get(Number(h.customer_id))?.changes.push({ at: Date.parse(h.changed_at), from: h.from_stage as Stage, to: h.to_stage as Stage });
  // as things stood at the end of the window: later changes are left out, the stage is the one held then
  for (const m of members.values()) {
    const initial = m.changes[0]?.from ?? m.stage;
    m.changes = m.changes.filter((c) => c.at < end);
    m.stage = m.changes[m.changes.length - 1]?.to ?? initial;
  }
  const from = window.fromInstant === null ? null : Date.parse(window.fromInstant);
  const overall = funnelFigures(members.values(), from, end);
  const groups: LifecycleReportShape['groups'] = [];
  if (query.groupBy) {
    const by = new Map<string | null, Member[]>();
    for (const m of members.values()) {
      const key = m.key[query.groupBy];
      const list = by.get(key) ?? [];
      list.push(m);
      by.set(key, list);
    }
    const labels = await groupLabels(ctx, query.groupBy, [...by.keys()]);
    for (const [key, list] of by) groups.push({ key, label: labels.get(key) ?? key, ...funnelFigures(list, from, end) });
    groups.sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : String(a.label).localeCompare(String(b.label))));
  }
  return { asOf: window.asOf, from: window.from, to: window.to, utcOffset: window.utcOffset, ...overall, groups };
}

async function groupLabels(ctx: Ctx, groupBy: NonNullable<LifecycleQueryShape['groupBy']>, keys: Array<string | null>): Promise<Map<string | null, string | null>> {
  const ids = keys.filter((k): k is string => k !== null).map(Number);
  if (ids.length === 0 || (groupBy !== 'owner' && groupBy !== 'team')) return new Map();
  const rows = groupBy === 'owner'
    ? await ctx.db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute()
    : await ctx.db.selectFrom('teams').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [String(r.id), r.name]));
}
