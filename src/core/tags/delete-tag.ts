import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findTagRow } from './tag-rows.ts';

/** Moves a tag to the recycle bin: records keep their links, but no longer show the tag until it is restored. */
export async function deleteTag(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertCanWrite(ctx.actor);
  const row = await findTagRow(ctx, id);
  await moveToRecycleBin(ctx, { table: 'tags', entity: 'tag', row }, expectedVersion);
}
