import type { Static } from 'typebox';
import type { CustomFieldListQuery, CustomFieldShape } from '../../domain/custom-field.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { fetchPage } from '../records/paginate.ts';
import { toCustomField } from './custom-fields.repository.ts';

/** The custom fields in use (or, with includeDeleted, retired ones), in form order. */
export async function listCustomFields(ctx: Ctx, filter: Static<typeof CustomFieldListQuery>): Promise<PageOf<CustomFieldShape>> {
  const base = ctx.db
    .selectFrom('custom_field_defs')
    .selectAll('custom_field_defs')
    .where('custom_field_defs.deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .$if(filter.entity !== undefined, (q) => q.where('custom_field_defs.entity', '=', filter.entity!));
  const page = await fetchPage(base, 'custom_field_defs', { column: 'position', descending: false }, filter);
  return { items: page.rows.map((row) => toCustomField(ctx, row)), nextCursor: page.nextCursor };
}
