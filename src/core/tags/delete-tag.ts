import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findTagForWrite } from './tag-rows.ts';

/** Moves a tag to the recycle bin: records keep their links, but no longer show the tag until it is restored. */
export async function deleteTag(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  const row = await findTagForWrite(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'tags', entity: 'tag', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'tag', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
