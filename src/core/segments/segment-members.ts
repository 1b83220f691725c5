import { sql } from 'kysely';
import type { CustomerShape } from '../../domain/customer.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import type { SegmentMembersFilter, SegmentPreviewInput, SegmentPreviewShape } from '../../domain/segment.ts';
import type { Ctx } from '../context.ts';
import { customerRecordsQuery, toCustomer } from '../customers/customers.repository.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import { fetchPage } from '../records/paginate.ts';
import { checkSegmentFilter } from './check-segment-filter.ts';
import { filterCondition, segmentCondition } from './segment-condition.ts';
import { findSegmentRow } from './segments.repository.ts';

/** One page of a segment's members that the actor may see, by id, and (when asked) how many there are. */
export async function listSegmentMembers(ctx: Ctx, id: number, filter: SegmentMembersFilter): Promise<{ items: CustomerShape[]; nextCursor: string | null; count?: number }> {
  await findSegmentRow(ctx, id);
  const errors: FieldError[] = [];
  const members = await segmentCondition(ctx, id, errors, 'filter');
  if (errors.length > 0) throw validationError(errors);
  const base = customerRecordsQuery(ctx).where('customers.deleted_at', 'is', null).where(members);
  const page = await fetchPage(base, 'customers', { column: 'id', descending: false }, filter);
  const items = page.rows.map((row) => toCustomer(ctx, row));
  if (!filter.count) return { items, nextCursor: page.nextCursor };
  const counted = await ctx.db.selectFrom('customers').where(visibleCustomers(ctx.actor)).where('customers.deleted_at', 'is', null).where(members).select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { items, nextCursor: page.nextCursor, count: Number(counted.n) };
}

/** How many customers an unsaved filter matches among those the actor may see, and a few of them (the builder's live count). */
export async function previewSegment(ctx: Ctx, input: SegmentPreviewInput): Promise<SegmentPreviewShape> {
  const filter = await checkSegmentFilter(ctx, input.filter);
  const members = await filterCondition(ctx, filter);
  const scope = ctx.db.selectFrom('customers').where(visibleCustomers(ctx.actor)).where('customers.deleted_at', 'is', null).where(members);
  const [counted, sample] = await Promise.all([
    scope.select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    scope.select(['customers.id', 'customers.name']).orderBy('customers.id').limit(input.limit ?? 10).execute(),
  ]);
  return { count: Number(counted.n), sample: sample.map((s) => ({ id: Number(s.id), name: s.name })) };
}
