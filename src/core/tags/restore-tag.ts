import type { TagShape } from '../../domain/tag.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { assertTagNameFree, findTagForWrite, findTagRow, toTag } from './tag-rows.ts';

/** Brings a tag back with its links; 409 if another tag took its name meanwhile. */
export async function restoreTag(ctx: Ctx, id: number): Promise<TagShape> {
  const row = await findTagForWrite(ctx, id, { includeDeleted: true });
  if (row.deleted_at !== null) await assertTagNameFree(ctx, row.name, id);
  await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await restoreFromRecycleBin(tx, { table: 'tags', entity: 'tag', row });
      await recordAudit(tx, { action: 'restore', entity: 'tag', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
    }),
  );
  return toTag(await findTagRow(ctx, id));
}
