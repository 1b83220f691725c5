import { codedField, validationError, type FieldError } from '../../domain/errors.ts';
import { checkFilter, type CustomFieldInfo, type FilterNode } from '../../domain/segment-filter.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';

/** The customer custom fields a filter may name, by key. */
export async function customerCustomFields(ctx: Pick<Ctx, 'db' | 'dialect'>): Promise<Map<string, CustomFieldInfo>> {
  const rows = await ctx.db
    .selectFrom('custom_field_defs')
    .select(['key', 'type', 'options', 'sensitive'])
    .where('entity', '=', 'customer')
    .where('deleted_at', 'is', null)
    .execute();
  return new Map(
    rows.map((r) => [r.key, { key: r.key, type: r.type, options: r.options === null ? null : ctx.dialect.parseJson<string[]>(r.options), sensitive: Boolean(r.sensitive) }]),
  );
}

/**
 * Checks a segment filter strictly (shape, depth, fields, operators, values) and that the
 * users, teams and tags it names exist; one 400 lists every problem with its place.
 */
export async function checkSegmentFilter(ctx: Ctx, filter: unknown, path = 'filter'): Promise<FilterNode> {
  const errors: FieldError[] = [];
  const refs = checkFilter(filter, await customerCustomFields(ctx), errors, path);
  if (errors.length === 0) {
    const missing = async (table: 'users' | 'teams', ids: Set<number>, what: string) => {
      if (ids.size === 0) return;
      const found = new Set((await ctx.db.selectFrom(table).select('id').where('id', 'in', [...ids]).execute()).map((r) => Number(r.id)));
      for (const id of ids) if (!found.has(id)) errors.push(codedField(path, 'field.no_such', { entity: what, id }));
    };
    await missing('users', refs.users, 'user');
    await missing('teams', refs.teams, 'team');
    if (refs.tags.size > 0) {
      const names = [...refs.tags].map(normaliseName);
      const found = new Set((await ctx.db.selectFrom('tags').select('name').where('name', 'in', names).where('deleted_at', 'is', null).execute()).map((r) => r.name));
      for (const name of names) if (!found.has(name)) errors.push(codedField(path, 'segment.no_tag', { name }));
    }
  }
  if (errors.length > 0) throw validationError(errors);
  return filter as FilterNode;
}
