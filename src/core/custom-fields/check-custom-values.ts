import { customValueProblem, type CustomFieldEntity } from '../../domain/custom-field.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';

type CustomTable = 'customers' | 'contacts' | 'deals' | 'orders';

/**
 * Checks a record's complete custom values against the admin's field definitions:
 * unknown keys, types, options, required and unique. Returns the values to store.
 */
export async function checkCustomValues(
  deps: Deps,
  target: { entity: CustomFieldEntity; table: CustomTable; id: number | null },
  values: Record<string, unknown>,
): Promise<{ custom: Record<string, unknown>; errors: FieldError[] }> {
  const defs = await deps.db
    .selectFrom('custom_field_defs')
    .select(['key', 'type', 'options', 'required', 'is_unique'])
    .where('entity', '=', target.entity)
    .where('deleted_at', 'is', null)
    .execute();
  const errors: FieldError[] = [];
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) errors.push({ field: `custom.${key}`, message: 'is not a custom field of this record type' });
  }
  const custom: Record<string, unknown> = {};
  for (const def of defs) {
    const value = values[def.key];
    const rule = { key: def.key, type: def.type, options: deps.dialect.parseJson<string[] | null>(def.options), required: Boolean(def.required) };
    const problem = customValueProblem(rule, value);
    if (problem) {
      errors.push({ field: `custom.${def.key}`, message: problem });
      continue;
    }
    if (value === null || value === undefined || value === '') continue;
    custom[def.key] = value;
    if (def.is_unique && (await isTaken(deps, target, def.key, value))) {
      errors.push({ field: `custom.${def.key}`, message: `${JSON.stringify(value)} is already used by another record` });
    }
  }
  return { custom, errors };
}

async function isTaken(deps: Deps, target: { table: CustomTable; id: number | null }, key: string, value: unknown): Promise<boolean> {
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
