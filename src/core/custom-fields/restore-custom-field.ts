import type { CustomFieldShape } from '../../domain/custom-field.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { assertKeyFree, findCustomFieldRow, toCustomField } from './custom-fields.repository.ts';

/** Brings a retired field back; 409 if a new field took its key meanwhile. */
export async function restoreCustomField(ctx: Ctx, id: number): Promise<CustomFieldShape> {
  assertAdmin(ctx.actor);
  const row = await findCustomFieldRow(ctx, id, { includeDeleted: true });
  if (row.deleted_at !== null) await assertKeyFree(ctx, row.entity, row.key, id);
  await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await restoreFromRecycleBin(tx, { table: 'custom_field_defs', entity: 'custom field', row });
      await recordAudit(tx, { action: 'restore', entity: 'custom_field', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
    }),
  );
  return toCustomField(ctx, await findCustomFieldRow(ctx, id));
}
