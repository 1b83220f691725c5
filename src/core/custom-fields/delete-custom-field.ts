import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findCustomFieldRow } from './custom-fields.repository.ts';

/** Retires a field: records keep their stored values, which come back if the field is restored. */
export async function deleteCustomField(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertAdmin(ctx.actor);
  const row = await findCustomFieldRow(ctx, id);
  await inTransaction(ctx, async (tx) => {
    await moveToRecycleBin(tx, { table: 'custom_field_defs', entity: 'custom field', row }, expectedVersion);
    await recordAudit(tx, { action: 'delete', entity: 'custom_field', entityId: id, changes: { deletedAt: [null, nowIso(tx)] } });
  });
}
