import { recordChanges } from '../../domain/audit.ts';
import type { TagPatchInput, TagShape } from '../../domain/tag.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { tagColor, tagName } from './prepare-tag.ts';
import { assertTagNameFree, findTagForWrite, findTagRow, toTag } from './tag-rows.ts';

/** Renames or recolours a tag; every customer and contact carrying it shows the new name. */
export async function updateTag(ctx: Ctx, id: number, patch: TagPatchInput, expectedVersion?: number): Promise<TagShape> {
  const row = await findTagForWrite(ctx, id);
  checkVersion('tag', id, row.version, expectedVersion);
  const values: { name?: string; color?: string | null } = {};
  if (patch.name !== undefined) values.name = tagName(patch.name);
  if (patch.color !== undefined) values.color = tagColor(patch.color);
  if (values.name !== undefined) await assertTagNameFree(ctx, values.name, id);
  const target = { table: 'tags', entity: 'tag', id, version: row.version } as const;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, target, values, ctx.actor, nowIso(ctx));
      const updated = toTag(await findTagRow(tx, id));
      await recordAudit(tx, { action: 'update', entity: 'tag', entityId: id, changes: recordChanges(toTag(row), updated) });
      return updated;
    }),
  );
}
