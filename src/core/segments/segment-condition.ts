import { sql, type Expression, type SqlBool } from 'kysely';
import { codedField, isAppError, type FieldError } from '../../domain/errors.ts';
import { nestedReasons } from '../../domain/messages.ts';
import type { FilterNode } from '../../domain/segment-filter.ts';
import type { Ctx } from '../context.ts';
import { analyticsUtcOffset } from '../analytics/analytics-offset.ts';
import { refreshStaleOrderStats } from '../analytics/refresh-order-stats.ts';
import { checkFilter } from '../../domain/segment-filter.ts';
import { customerCustomFields } from './check-segment-filter.ts';
import { compileFilter } from './compile-filter.ts';
import { findSegmentRow } from './segments.repository.ts';

/** A checked filter as a condition on `customers`, for the actor (analytic conditions are computed over their customers). */
export async function filterCondition(ctx: Ctx, filter: FilterNode): Promise<Expression<SqlBool>> {
  await refreshStaleOrderStats(ctx);
  return compileFilter({ ctx, custom: await customerCustomFields(ctx), utcOffset: await analyticsUtcOffset(ctx) }, filter);
}

/**
 * The members of a segment as a condition on `customers`. A segment that does not exist is an
 * error on `field` (the caller's parameter), pushed to `errors`; the condition then matches none.
 */
export async function segmentCondition(ctx: Ctx, segmentId: number, errors: FieldError[], field = 'segmentId'): Promise<Expression<SqlBool>> {
  try {
    const row = await findSegmentRow(ctx, segmentId);
    const filter = ctx.dialect.parseJson<FilterNode>(row.filter);
    // what the filter names may have gone since it was saved (a custom field deleted, say)
    const problems: FieldError[] = [];
    checkFilter(filter, await customerCustomFields(ctx), problems);
    if (problems.length > 0) {
      errors.push(...problems.map((p) => codedField(field, 'segment.broken', { id: segmentId, ...nestedReasons([p]) })));
      return sql<boolean>`1 = 0`;
    }
    return await filterCondition(ctx, filter);
  } catch (error) {
    if (!isAppError(error) || error.code !== 'not_found') throw error;
    errors.push(codedField(field, 'field.no_such', { entity: 'segment', id: segmentId }));
    return sql<boolean>`1 = 0`;
  }
}
