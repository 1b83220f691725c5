import type { PageOf } from '../../domain/record.ts';
import type { SegmentListFilter, SegmentShape } from '../../domain/segment.ts';
import type { Ctx } from '../context.ts';
import { fetchPage } from '../records/paginate.ts';
import { findSegmentRow, toSegment } from './segments.repository.ts';

/** Every live segment, by name. */
export async function listSegments(ctx: Ctx, filter: SegmentListFilter): Promise<PageOf<SegmentShape>> {
  const base = ctx.db.selectFrom('segments').selectAll('segments').where('segments.deleted_at', 'is', null);
  const page = await fetchPage(base, 'segments', { column: 'name', descending: false }, filter);
  return { items: page.rows.map((r) => toSegment(ctx, r)), nextCursor: page.nextCursor };
}

export const getSegment = async (ctx: Ctx, id: number): Promise<SegmentShape> => toSegment(ctx, await findSegmentRow(ctx, id));
