import { birthdayError as birthdayFieldError } from '../../domain/birthday.ts';
import { normalisePoints, type NormalisedPoint } from '../../domain/contact-point.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import type { FieldError } from '../../domain/errors.ts';
import { nameKeys } from '../../domain/pinyin.ts';
import { buildSearchColumns } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';

/** A customer as it will be after the write: the merged create input or patch. */
export type CustomerDraft = Omit<CustomerCreateInput, 'phones' | 'emails' | 'tags'>;

export type CustomerContact = { phones?: CustomerCreateInput['phones']; emails?: CustomerCreateInput['emails'] };

/** A free-text field as stored: normalised like a name, null when missing or blank. */
function storedText(value: string | null | undefined): string | null {
  return value == null ? null : normaliseName(value) || null;
}

/** Sorts the values of `points` into phones and emails, leaving out the kinds in `skip`. */
function addValues(points: NormalisedPoint[], skip: Array<'phone' | 'email'>, phones: string[], emails: string[]): void {
  for (const point of points) {
    if (skip.includes(point.kind)) continue;
    if (point.kind === 'phone') phones.push(point.value);
    else if (point.kind === 'email') emails.push(point.value);
  }
}

/**
 * The synchronous half of preparing a customer, shared by single writes and bulk inserts:
 * name and pinyin, phones and emails, free-text fields and the search text. `row` (every
 * column but `custom`) is null when there are errors. `today` (YYYY-MM-DD) rules out birthdays
 * in the future; without it only the date itself is checked.
 */
export function normaliseCustomer(draft: CustomerDraft, contact: CustomerContact, existingPoints: NormalisedPoint[], region: string, today = '9999-12-31') {
  const errors: FieldError[] = [];
  const name = normaliseName(draft.name);
  if (!name) errors.push({ field: 'name', message: 'must not be blank', code: 'field.empty' });
  const birthday = draft.birthday ?? null;
  const birthdayError = birthday === null ? null : birthdayFieldError('birthday', birthday, today);
  if (birthdayError) errors.push(birthdayError);
  const normalised = normalisePoints(contact, region);
  for (const error of normalised.errors) errors.push(error);
  // The kinds the contact lists replace: the existing points of those kinds are left out.
  const replacedKinds: Array<'phone' | 'email'> = [];
  if (contact.phones) replacedKinds.push('phone');
  if (contact.emails) replacedKinds.push('email');
  if (errors.length > 0) return { errors, points: normalised.points, replacedKinds, row: null };

  const phones: string[] = [];
  const emails: string[] = [];
  addValues(existingPoints, replacedKinds, phones, emails);
  addValues(normalised.points, [], phones, emails);
  const keys = nameKeys(name, { isPerson: draft.kind === 'person' });
  const row = {
    kind: draft.kind,
    name,
    name_pinyin: keys.pinyin,
    name_initials: keys.initials,
    stage: draft.stage ?? 'lead',
    level: draft.level ?? null,
    owner_id: draft.ownerId ?? null,
    source: storedText(draft.source),
    industry: storedText(draft.industry),
    country: storedText(draft.country),
    province: storedText(draft.province),
    city: storedText(draft.city),
    district: storedText(draft.district),
    address: storedText(draft.address),
    postcode: storedText(draft.postcode),
    website: storedText(draft.website),
    birthday,
    notes: draft.notes ?? null,
    ...buildSearchColumns({ name, pinyin: keys.pinyin, initials: keys.initials, phones, emails }),
  };
  return { errors, points: normalised.points, replacedKinds, row };
}
