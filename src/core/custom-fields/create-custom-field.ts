import { recordChanges } from '../../domain/audit.ts';
import type { CustomFieldCreateInput, CustomFieldShape } from '../../domain/custom-field.ts';
import { validationError } from '../../domain/errors.ts';
import { assertAdmin } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkDefinition } from './check-definition.ts';
import { assertKeyFree, findCustomFieldRow, toCustomField } from './custom-fields.repository.ts';

/** Adds a custom field to customers, contacts, deals or orders; from then on every write of that record type is checked against it. */
export async function createCustomField(ctx: Ctx, input: CustomFieldCreateInput): Promise<CustomFieldShape> {
  assertAdmin(ctx.actor);
  const checked = checkDefinition(input);
  if (checked.errors.length > 0) throw validationError(checked.errors);
  await assertKeyFree(ctx, input.entity, input.key, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const last = await tx.db
        .selectFrom('custom_field_defs')
        .select((eb) => eb.fn.max('position').as('position'))
        .where('entity', '=', input.entity)
        .executeTakeFirst();
      const { id } = await tx.db
        .insertInto('custom_field_defs')
        .values({
          entity: input.entity,
          key: input.key,
          label: checked.label ?? input.label,
          type: input.type,
          options: checked.options === null ? null : JSON.stringify(checked.options),
          required: input.required ?? false,
          is_unique: input.unique ?? false,
          sensitive: input.sensitive ?? false,
          position: input.position ?? (last?.position == null ? 0 : Number(last.position) + 1),
          created_at: now,
          updated_at: now,
          created_by: ctx.actor.userId,
          updated_by: ctx.actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = toCustomField(tx, await findCustomFieldRow(tx, id));
      await recordAudit(tx, { action: 'create', entity: 'custom_field', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
