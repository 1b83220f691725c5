import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { AnalysisFilterShape } from '../../domain/analytics.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';
import { segmentCondition } from '../segments/segment-condition.ts';

/** A team and every team below it. */
export async function teamTree(ctx: Pick<Ctx, 'db'>, teamId: number): Promise<number[]> {
  const teams = await ctx.db.selectFrom('teams').select(['id', 'parent_id']).execute();
  const below = new Map<number, number[]>();
  for (const t of teams) {
    if (t.parent_id === null) continue;
    const list = below.get(Number(t.parent_id)) ?? [];
    list.push(Number(t.id));
    below.set(Number(t.parent_id), list);
  }
  const tree = [teamId];
  for (let i = 0; i < tree.length; i++) for (const child of below.get(tree[i] as number) ?? []) if (!tree.includes(child)) tree.push(child);
  return tree;
}

/**
 * The customers an analysis covers, as a condition on `customers`: live ones the actor may see,
 * narrowed by owner, team and segment. Unknown owners, teams and segments are field errors.
 */
export async function analysisPopulation(ctx: Ctx, filter: AnalysisFilterShape, errors: FieldError[]): Promise<Expression<SqlBool>> {
  const eb = expressionBuilder<Schema, 'customers'>();
  const parts: Expression<SqlBool>[] = [visibleCustomers(ctx.actor), eb('customers.deleted_at', 'is', null)];
  if (filter.ownerId !== undefined) {
    const user = await ctx.db.selectFrom('users').select('id').where('id', '=', filter.ownerId).executeTakeFirst();
    if (!user) errors.push({ field: 'ownerId', message: `user ${filter.ownerId} does not exist`, code: 'field.no_such', params: { entity: 'user', id: filter.ownerId } });
    parts.push(eb('customers.owner_id', '=', filter.ownerId));
  }
  if (filter.teamId !== undefined) {
    const team = await ctx.db.selectFrom('teams').select('id').where('id', '=', filter.teamId).executeTakeFirst();
    if (!team) errors.push({ field: 'teamId', message: `team ${filter.teamId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: filter.teamId } });
    const teams = team ? await teamTree(ctx, filter.teamId) : [];
    parts.push(teams.length === 0 ? sql<boolean>`1 = 0` : eb('customers.owner_id', 'in', eb.selectFrom('users').select('users.id').where('users.team_id', 'in', teams)));
  }
  if (filter.segmentId !== undefined) parts.push(await segmentCondition(ctx, filter.segmentId, errors));
  return eb.and(parts);
}
