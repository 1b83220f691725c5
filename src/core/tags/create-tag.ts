import type { TagCreateInput, TagShape } from '../../domain/tag.ts';
import { assertCanWrite } from '../access/writes.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { tagColor, tagName } from './prepare-tag.ts';
import { assertTagNameFree, findTagRow, toTag } from './tag-rows.ts';

export async function createTag(ctx: Ctx, input: TagCreateInput): Promise<TagShape> {
  assertCanWrite(ctx.actor);
  const name = tagName(input.name);
  await assertTagNameFree(ctx, name, null);
  const now = nowIso(ctx);
  const id = await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const row = await tx.db
        .insertInto('tags')
        .values({ name, color: tagColor(input.color ?? null), created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    }),
  );
  return toTag(await findTagRow(ctx, id));
}
