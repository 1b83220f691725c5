import type { CustomFieldType } from '../../domain/custom-field.ts';
import { codedField, type FieldError } from '../../domain/errors.ts';
import { normaliseName } from '../../domain/text.ts';

const CHOICE_TYPES: readonly CustomFieldType[] = ['select', 'multiselect'];
const UNIQUE_TYPES: readonly CustomFieldType[] = ['text', 'number', 'date'];

interface Definition {
  type: CustomFieldType;
  label?: string | undefined;
  options?: string[] | null | undefined;
  unique?: boolean | undefined;
  sensitive?: boolean | undefined;
  entity?: string | undefined;
}

/**
 * The rules a field definition must keep: choices only on select fields (and at least one there),
 * uniqueness only where equality is meaningful. Returns the cleaned label and options.
 */
export function checkDefinition(def: Definition): { label: string | undefined; options: string[] | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const label = def.label === undefined ? undefined : normaliseName(def.label);
  if (label === '') errors.push({ field: 'label', message: 'must not be blank', code: 'field.empty' });
  const options = def.options?.map(normaliseName) ?? null;
  if (CHOICE_TYPES.includes(def.type)) {
    if (!options || options.length === 0) errors.push(codedField('options', 'custom_field.needs_option', { type: def.type }));
    else if (options.some((o) => !o)) errors.push(codedField('options', 'custom_field.blank_option'));
    else if (new Set(options).size !== options.length) errors.push(codedField('options', 'custom_field.repeated_option'));
  } else if (def.options != null) {
    errors.push(codedField('options', 'custom_field.no_options', { type: def.type }));
  }
  if (def.unique && !UNIQUE_TYPES.includes(def.type)) {
    errors.push(codedField('unique', 'custom_field.unique_types', { types: UNIQUE_TYPES.join(', '), type: def.type }));
  }
  if (def.sensitive && def.entity !== undefined && def.entity !== 'customer') errors.push(codedField('sensitive', 'custom_field.sensitive_customer'));
  if (def.sensitive && def.type !== 'text') errors.push(codedField('sensitive', 'custom_field.sensitive_text', { type: def.type }));
  if (def.sensitive && def.unique) errors.push(codedField('unique', 'custom_field.sensitive_unique'));
  return { label, options: CHOICE_TYPES.includes(def.type) ? options : null, errors };
}
