import { recordChanges } from '../../domain/audit.ts';
import type { TagCreateInput, TagShape } from '../../domain/tag.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { tagColor, tagName } from './prepare-tag.ts';
import { assertTagNameFree, findTagRow, toTag } from './tag-rows.ts';

export async function createTag(ctx: Ctx, input: TagCreateInput): Promise<TagShape> {
  assertCanWrite(ctx.actor);
  const name = tagName(input.name);
  await assertTagNameFree(ctx, name, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('tags')
        .values({ name, color: tagColor(input.color ?? null), created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = toTag(await findTagRow(tx, id));
      await recordAudit(tx, { action: 'create', entity: 'tag', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
