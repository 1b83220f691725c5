import { customValueProblem, type CustomFieldEntity } from '../../domain/custom-field.ts';
import { codedField, type FieldError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { isSealed, sealValue } from '../crypto/sealed-custom.ts';

type CustomTable = 'customers' | 'contacts' | 'deals' | 'orders';
type Target = { entity: CustomFieldEntity; table: CustomTable; id: number | null };

/**
 * Checks a record's complete custom values against the admin's field definitions:
 * unknown keys, types, options, required and unique. Returns the values to store.
 * On an update (`target.id` set) two things an admin did later do not block unrelated edits:
 * a value of a field since deleted is kept as it was, and a field made required since is only
 * enforced once the record has a value for it.
 */
export async function checkCustomValues(
  deps: Deps,
  target: Target,
  values: Record<string, unknown>,
): Promise<{ custom: Record<string, unknown>; errors: FieldError[] }> {
  const defs = await deps.db
    .selectFrom('custom_field_defs')
    .select(['key', 'type', 'options', 'required', 'is_unique', 'sensitive'])
    .where('entity', '=', target.entity)
    .where('deleted_at', 'is', null)
    .execute();
  const stored = target.id === null ? null : await storedValues(deps, target.table, target.id);
  const errors: FieldError[] = [];
  const custom: Record<string, unknown> = {};
  const known = new Set(defs.map((d) => d.key));
  for (const [key, value] of Object.entries(values)) {
    if (known.has(key)) continue;
    if (stored && key in stored && (stored[key] === value || unchangedSealed(stored[key], value))) custom[key] = stored[key];
    else errors.push(codedField(`custom.${key}`, 'custom_field.not_of_entity'));
  }
  for (const def of defs) {
    const value = values[def.key];
    // A reader holds only the mask of a sensitive value; sending it back keeps the secret.
    if (def.sensitive && stored && unchangedSealed(stored[def.key], value)) {
      custom[def.key] = stored[def.key];
      continue;
    }
    const required = Boolean(def.required) && (stored === null || def.key in stored);
    const rule = { key: def.key, type: def.type, options: deps.dialect.parseJson<string[] | null>(def.options), required };
    const problem = customValueProblem(rule, value);
    if (problem) {
      errors.push({ field: `custom.${def.key}`, message: problem, ...(problem === 'is required' ? { code: 'field.required' as const } : {}) });
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    custom[def.key] = def.sensitive && typeof value === 'string' ? sealValue(deps.crypto, value) : value;
    if (def.is_unique && (await isTaken(deps, target, def.key, value))) {
      errors.push({ field: `custom.${def.key}`, message: `${JSON.stringify(value)} is already used by another record`, code: 'field.unique' });
    }
  }
  return { custom, errors };
}

const unchangedSealed = (stored: unknown, value: unknown) => isSealed(stored) && value === stored.mask;

async function storedValues(deps: Deps, table: CustomTable, id: number): Promise<Record<string, unknown>> {
  const row = await deps.db.selectFrom(table).select('custom').where('id', '=', id).executeTakeFirst();
  return row ? deps.dialect.parseJson<Record<string, unknown>>(row.custom) : {};
}

async function isTaken(deps: Deps, target: Target, key: string, value: unknown): Promise<boolean> {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const row = await deps.db
    .selectFrom(target.table)
    .select('id')
    .where(deps.dialect.jsonText(`${target.table}.custom`, key), '=', text)
    .where('deleted_at', 'is', null)
    .$if(target.id !== null, (q) => q.where('id', '!=', target.id as number))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
