import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../domain/errors.ts';
import type { TagShape } from '../../domain/tag.ts';
import type { Ctx } from '../context.ts';
import type { TagTable } from '../db/schema.ts';
import { recordMeta } from '../records/record-meta.ts';
import { assertCanManageTags } from './tags.policy.ts';

export type TagRow = Selectable<TagTable>;

export async function findTagRow(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<TagRow> {
  const row = await ctx.db
    .selectFrom('tags')
    .selectAll()
    .where('id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('tag', id);
  return row;
}

/** A tag loaded for renaming, recolouring, deleting or restoring: managers and admins (see tags.policy.ts). */
export async function findTagForWrite(ctx: Ctx, id: number, options: { includeDeleted?: boolean } = {}): Promise<TagRow> {
  assertCanManageTags(ctx.actor);
  return findTagRow(ctx, id, options);
}

/** 409 naming `name` when another tag in use already has it (tags in the recycle bin do not count). */
export async function assertTagNameFree(ctx: Ctx, name: string, exceptId: number | null): Promise<void> {
  const taken = await ctx.db
    .selectFrom('tags')
    .select('id')
    .where('name', '=', name)
    .where('deleted_at', 'is', null)
    .$if(exceptId !== null, (q) => q.where('id', '!=', exceptId!))
    .executeTakeFirst();
  if (taken) {
    throw new AppError('conflict', { message: `a tag named "${name}" already exists`, messageCode: 'tag.name_taken', params: { name }, errors: [{ field: 'name', message: `tag ${taken.id} is already named "${name}"`, code: 'field.taken' }] });
  }
}

export const toTag = (row: TagRow): TagShape => ({
  ...recordMeta(row),
  name: row.name,
  color: row.color,
});
