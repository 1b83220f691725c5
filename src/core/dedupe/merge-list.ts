import type { MergeListFilter, MergeShape } from '../../domain/merge.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { fetchPage } from '../records/paginate.ts';
import { findMergeRow, mergesQuery, toMerge } from './merges.repository.ts';

/** Merges whose survivor the actor may see, newest first; `recordId` narrows to one record's. */
export async function listMerges(ctx: Ctx, filter: MergeListFilter): Promise<PageOf<MergeShape>> {
  const query = mergesQuery(ctx)
    .selectAll('merges')
    .$if(filter.entity !== undefined, (q) => q.where('merges.entity', '=', filter.entity as 'customers' | 'contacts'))
    .$if(filter.recordId !== undefined, (q) =>
      q.where((eb) => eb.or([eb('merges.survivor_id', '=', filter.recordId as number), eb('merges.merged_id', '=', filter.recordId as number)])),
    );
  const page = await fetchPage(query, 'merges', { column: 'id', descending: true }, filter);
  return { items: page.rows.map((row) => toMerge(ctx, row)), nextCursor: page.nextCursor };
}

export async function getMerge(ctx: Ctx, id: number): Promise<MergeShape> {
  return toMerge(ctx, await findMergeRow(ctx, id));
}
