import { normalisePoints, type NormalisedPoint } from '../../domain/contact-point.ts';
import type { CustomerCreateInput } from '../../domain/customer.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { nameKeys } from '../../domain/pinyin.ts';
import { buildSearchText } from '../../domain/search-text.ts';
import { normaliseName } from '../../domain/text.ts';
import { pointValues } from '../contact-points/contact-points.repository.ts';
import type { Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { checkUserRef } from '../users/check-user-ref.ts';

/** A customer as it will be after the write: the merged create input or patch. */
export type CustomerDraft = Omit<CustomerCreateInput, 'phones' | 'emails' | 'tags'>;

const optionalText = ['source', 'industry', 'country', 'province', 'city', 'address', 'website', 'notes'] as const;

/**
 * Validates and normalises a customer draft with the same rules for every entry path
 * (API, CLI, import): name and pinyin, phones and emails, owner, custom fields.
 * Throws one validation error listing every problem; writes nothing.
 */
export async function prepareCustomer(
  ctx: Ctx,
  draft: CustomerDraft,
  contact: { phones?: CustomerCreateInput['phones']; emails?: CustomerCreateInput['emails'] },
  existing: { id: number; points: NormalisedPoint[] } | null,
) {
  const errors: FieldError[] = [];
  const name = normaliseName(draft.name);
  if (!name) errors.push({ field: 'name', message: 'must not be blank' });
  const normalised = normalisePoints(contact, ctx.settings.defaultRegion);
  errors.push(...normalised.errors);
  const replaced = new Set<'phone' | 'email'>();
  if (contact.phones) replaced.add('phone');
  if (contact.emails) replaced.add('email');
  const points = [...(existing?.points ?? []).filter((p) => !replaced.has(p.kind)), ...normalised.points];
  if (draft.ownerId != null) errors.push(...(await checkUserRef(ctx, 'ownerId', draft.ownerId)));
  const custom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: existing?.id ?? null }, draft.custom ?? {});
  errors.push(...custom.errors);
  if (errors.length > 0) throw validationError(errors);

  const keys = nameKeys(name, { isPerson: draft.kind === 'person' });
  const texts = Object.fromEntries(optionalText.map((f) => [f, draft[f] == null ? null : normaliseName(draft[f]) || null]));
  return {
    row: {
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
      custom: JSON.stringify(custom.custom),
      search_text: buildSearchText({ name, pinyin: keys.pinyin, initials: keys.initials, ...pointValues(points) }),
    },
    points: normalised.points,
    replacedKinds: [...replaced],
  };
}
