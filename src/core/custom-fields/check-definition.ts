import type { CustomFieldType } from '../../domain/custom-field.ts';
import type { FieldError } from '../../domain/errors.ts';
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
    if (!options || options.length === 0) errors.push({ field: 'options', message: `a ${def.type} field needs at least one option` });
    else if (options.some((o) => !o)) errors.push({ field: 'options', message: 'must not contain blank options' });
    else if (new Set(options).size !== options.length) errors.push({ field: 'options', message: 'must not repeat an option' });
  } else if (def.options != null) {
    errors.push({ field: 'options', message: `only select and multiselect fields have options, not ${def.type}` });
  }
  if (def.unique && !UNIQUE_TYPES.includes(def.type)) {
    errors.push({ field: 'unique', message: `only ${UNIQUE_TYPES.join(', ')} fields can be unique, not ${def.type}` });
  }
  if (def.sensitive && def.entity !== undefined && def.entity !== 'customer') errors.push({ field: 'sensitive', message: 'only customer fields can be sensitive for now' });
  if (def.sensitive && def.type !== 'text') errors.push({ field: 'sensitive', message: `only text fields can be sensitive, not ${def.type}` });
  if (def.sensitive && def.unique) errors.push({ field: 'unique', message: 'a sensitive field cannot be unique: its values are encrypted' });
  return { label, options: CHOICE_TYPES.includes(def.type) ? options : null, errors };
}
