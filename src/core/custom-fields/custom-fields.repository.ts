import type { Selectable } from 'kysely';
import { AppError, codedField, notFound } from '../../domain/errors.ts';
import type { CustomFieldEntity, CustomFieldShape } from '../../domain/custom-field.ts';
import type { Ctx, Deps } from '../context.ts';
import type { CustomFieldDefTable } from '../db/schema.ts';
import { recordMeta } from '../records/record-meta.ts';

export type CustomFieldRow = Selectable<CustomFieldDefTable>;

export async function findCustomFieldRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<CustomFieldRow> {
  const row = await ctx.db
    .selectFrom('custom_field_defs')
    .selectAll()
    .where('id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('custom field', id);
  return row;
}

/** 409 naming `key` when the entity already has a field in use with that key. */
export async function assertKeyFree(ctx: Ctx, entity: CustomFieldEntity, key: string, exceptId: number | null): Promise<void> {
  const taken = await ctx.db
    .selectFrom('custom_field_defs')
    .select('id')
    .where('entity', '=', entity)
    .where('key', '=', key)
    .where('deleted_at', 'is', null)
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (taken) {
    throw new AppError('conflict', {
      messageCode: 'custom_field.key_taken',
      params: { entity, key },
      message: `${entity} already has a custom field "${key}"`,
      errors: [codedField('key', 'custom_field.key_used', { id: taken.id, entity })],
    });
  }
}

export const toCustomField = (deps: Deps, row: CustomFieldRow): CustomFieldShape => ({
  ...recordMeta(row),
  entity: row.entity,
  key: row.key,
  label: row.label,
  type: row.type,
  options: deps.dialect.parseJson<string[] | null>(row.options),
  required: Boolean(row.required),
  unique: Boolean(row.is_unique),
  sensitive: Boolean(row.sensitive),
  position: row.position,
});
