import type { PageOf } from '../../domain/record.ts';
import type { TagListFilter, TagShape } from '../../domain/tag.ts';
import type { Ctx } from '../context.ts';
import { fetchPage } from '../records/paginate.ts';
import { toTag } from './tag-rows.ts';

/** Tags in use (or, with includeDeleted, those in the recycle bin), by name. */
export async function listTags(ctx: Ctx, filter: TagListFilter): Promise<PageOf<TagShape>> {
  const base = ctx.db.selectFrom('tags').selectAll('tags').where('tags.deleted_at', filter.includeDeleted ? 'is not' : 'is', null);
  const page = await fetchPage(base, 'tags', { column: 'name', descending: false }, filter);
  return { items: page.rows.map(toTag), nextCursor: page.nextCursor };
}
