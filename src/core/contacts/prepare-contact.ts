import { normalisePoints, type NormalisedPoint } from '../../domain/contact-point.ts';
import { birthdayError as birthdayFieldError } from '../../domain/birthday.ts';
import { cardColumn, CONTACT_CARD_KEYS, type ContactCreateInput } from '../../domain/contact.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { nameKeys } from '../../domain/pinyin.ts';
import { buildSearchColumns } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';
import { pointValues } from '../contact-points/contact-points.repository.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';

/** A contact as it will be after the write: the merged create input or patch. */
export type ContactDraft = Omit<ContactCreateInput, 'phones' | 'emails' | 'tags'>;

/** What is stored already, when updating. */
export interface ExistingContact {
  id: number;
  customerId: number | null;
  points: NormalisedPoint[];
}

/**
 * The customer a contact points at, and its name for search. A new or changed one is the target
 * of the write (see checkTargetCustomer); the one it already had was checked with the contact.
 */
async function checkCustomer(ctx: Ctx, customerId: number, isUnchanged: boolean): Promise<{ name: string | null; errors: FieldError[] }> {
  const errors = isUnchanged ? [] : await checkTargetCustomer(ctx, 'customerId', customerId);
  if (errors.length > 0) return { name: null, errors };
  const customer = await ctx.db.selectFrom('customers').select('name').where('id', '=', customerId).executeTakeFirst();
  return { name: customer?.name ?? null, errors: [] };
}

type CardColumn = 'family_name' | 'given_name' | 'nickname' | 'organization' | 'department' | 'role' | 'website' | 'address' | 'city' | 'province' | 'postcode' | 'country';

const optionalText = (value: string | null | undefined) => (value == null ? null : normaliseName(value) || null);

/**
 * Validates and normalises a contact draft with the same rules for every entry path
 * (API, CLI, import): name and pinyin, phones and emails, customer, birthday, custom fields.
 * Throws one validation error listing every problem; writes nothing.
 */
export async function prepareContact(
  ctx: Ctx,
  draft: ContactDraft,
  contact: { phones?: ContactCreateInput['phones']; emails?: ContactCreateInput['emails'] },
  existing: ExistingContact | null,
) {
  const errors: FieldError[] = [];
  const name = normaliseName(draft.name);
  if (!name) errors.push({ field: 'name', message: 'must not be blank', code: 'field.empty' });
  const normalised = normalisePoints(contact, ctx.settings.defaultRegion);
  errors.push(...normalised.errors);
  const replaced = new Set<'phone' | 'email'>();
  if (contact.phones) replaced.add('phone');
  if (contact.emails) replaced.add('email');
  const points = [...(existing?.points ?? []).filter((p) => !replaced.has(p.kind)), ...normalised.points];
  const customerId = draft.customerId ?? null;
  const customer = customerId === null ? { name: null, errors: [] } : await checkCustomer(ctx, customerId, customerId === existing?.customerId);
  errors.push(...customer.errors);
  const birthday = draft.birthday ?? null;
  const birthdayError = birthday === null ? null : birthdayFieldError('birthday', birthday, nowIso(ctx).slice(0, 10));
  if (birthdayError) errors.push(birthdayError);
  const custom = await checkCustomValues(ctx, { entity: 'contact', table: 'contacts', id: existing?.id ?? null }, draft.custom ?? {});
  errors.push(...custom.errors);
  if (errors.length > 0) throw validationError(errors);

  const keys = nameKeys(name, { isPerson: true });
  return {
    row: {
      customer_id: customerId,
      name,
      name_pinyin: keys.pinyin,
      name_initials: keys.initials,
      title: optionalText(draft.title),
      gender: draft.gender ?? null,
      birthday,
      notes: draft.notes ?? null,
      ...Object.fromEntries(CONTACT_CARD_KEYS.map((field) => [cardColumn(field), optionalText(draft[field])])) as Record<CardColumn, string | null>,
      custom: JSON.stringify(custom.custom),
      // Same fields as refreshContactsOfCustomer, so a contact is found by its company's name.
      ...buildSearchColumns({
        name,
        pinyin: keys.pinyin,
        initials: keys.initials,
        ...pointValues(points),
        extra: customer.name === null ? [] : [customer.name],
      }),
    },
    points: normalised.points,
    replacedKinds: [...replaced],
  };
}
