import { normalisePoints, type NormalisedPoint } from '../../domain/contact-point.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import { nameKeys } from '../../domain/pinyin.ts';
import { buildSearchText } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';
import { pointValues } from '../contact-points/contact-points.repository.ts';

/** A customer as it will be after the write: the merged create input or patch. */
export type CustomerDraft = Omit<CustomerCreateInput, 'phones' | 'emails' | 'tags'>;

export type CustomerContact = { phones?: CustomerCreateInput['phones']; emails?: CustomerCreateInput['emails'] };

const optionalText = ['source', 'industry', 'country', 'province', 'city', 'address', 'website', 'notes'] as const;

/**
 * The synchronous half of preparing a customer, shared by single writes and bulk inserts:
 * name and pinyin, phones and emails, free-text fields and the search text. `row` (every
 * column but `custom`) is null when there are errors.
 */
export function normaliseCustomer(draft: CustomerDraft, contact: CustomerContact, existingPoints: NormalisedPoint[], region: string) {
  const errors: FieldError[] = [];
  const name = normaliseName(draft.name);
  if (!name) errors.push({ field: 'name', message: 'must not be blank' });
  const normalised = normalisePoints(contact, region);
  errors.push(...normalised.errors);
  const replaced = new Set<'phone' | 'email'>();
  if (contact.phones) replaced.add('phone');
  if (contact.emails) replaced.add('email');
  const result = { errors, points: normalised.points, replacedKinds: [...replaced] };
  if (errors.length > 0) return { ...result, row: null };

  const points = [...existingPoints.filter((p) => !replaced.has(p.kind)), ...normalised.points];
  const keys = nameKeys(name, { isPerson: draft.kind === 'person' });
  const texts = Object.fromEntries(optionalText.map((f) => [f, draft[f] == null ? null : normaliseName(draft[f]) || null]));
  const row = {
    kind: draft.kind,
    name,
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    stage: draft.stage ?? 'lead',
    level: draft.level ?? null,
    owner_id: draft.ownerId ?? null,
    source: texts.source ?? null,
    industry: texts.industry ?? null,
    country: texts.country ?? null,
    province: texts.province ?? null,
    city: texts.city ?? null,
    address: texts.address ?? null,
    website: texts.website ?? null,
    notes: draft.notes ?? null,
    search_text: buildSearchText({ name, pinyin: keys.pinyin, initials: keys.initials, ...pointValues(points) }),
  };
  return { ...result, row };
}
