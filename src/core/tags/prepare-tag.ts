import { validationError } from '../../domain/errors.ts';
import { normaliseName } from '../../domain/text.ts';

/** A tag name as customers' and contacts' tag lists store it: trimmed, width-folded, not blank. */
export function tagName(raw: string): string {
  const name = normaliseName(raw);
  if (!name) throw validationError([{ field: 'name', message: 'must not be blank', code: 'field.empty' }]);
  return name;
}

export const tagColor = (raw: string | null): string | null => (raw === null ? null : raw.toLowerCase());
