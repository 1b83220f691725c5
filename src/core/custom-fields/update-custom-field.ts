import { recordChanges } from '../../domain/audit.ts';
import type { CustomFieldPatchInput, CustomFieldShape } from '../../domain/custom-field.ts';
import { validationError } from '../../domain/errors.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { checkDefinition } from './check-definition.ts';
import { findCustomFieldRow, toCustomField } from './custom-fields.repository.ts';

/** Changes a field's label, options, required flag or position; its key, entity and type stay. */
export async function updateCustomField(ctx: Ctx, id: number, patch: CustomFieldPatchInput, expectedVersion?: number): Promise<CustomFieldShape> {
  assertAdmin(ctx.actor);
  const row = await findCustomFieldRow(ctx, id);
  checkVersion('custom field', id, row.version, expectedVersion);
  const current = toCustomField(ctx, row);
  const checked = checkDefinition({ type: current.type, label: patch.label, options: patch.options ?? current.options, unique: current.unique });
  if (checked.errors.length > 0) throw validationError(checked.errors);
  const values: Record<string, unknown> = {};
  if (checked.label !== undefined) values.label = checked.label;
  if (patch.options !== undefined) values.options = JSON.stringify(checked.options);
  if (patch.required !== undefined) values.required = patch.required;
  if (patch.position !== undefined) values.position = patch.position;
  const target = { table: 'custom_field_defs', entity: 'custom field', id, version: row.version } as const;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, target, values, ctx.actor, nowIso(ctx));
      const updated = toCustomField(tx, await findCustomFieldRow(tx, id));
      await recordAudit(tx, { action: 'update', entity: 'custom_field', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
