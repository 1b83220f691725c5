import type { NormalisedPoint } from '../../domain/contact-point.ts';
import { validationError } from '../../domain/errors.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { prepareSensitive } from './prepare-sensitive.ts';
import { normaliseCustomer, type CustomerContact, type CustomerDraft } from './normalise-customer.ts';

export type { CustomerDraft } from './normalise-customer.ts';

/**
 * Validates and normalises a customer draft with the same rules for every entry path
 * (API, CLI, import): name and pinyin, phones and emails, owner, custom fields.
 * Throws one validation error listing every problem; writes nothing.
 */
export async function prepareCustomer(
  ctx: Ctx,
  draft: CustomerDraft,
  contact: CustomerContact,
  existing: { id: number; points: NormalisedPoint[] } | null,
) {
  const normalised = normaliseCustomer(draft, contact, existing?.points ?? [], ctx.settings.defaultRegion, nowIso(ctx).slice(0, 10));
  const errors = [...normalised.errors];
  const sensitive = prepareSensitive(ctx.crypto, draft, errors);
  if (draft.ownerId != null) errors.push(...(await checkUserRef(ctx, 'ownerId', draft.ownerId)));
  const custom = await checkCustomValues(ctx, { entity: 'customer', table: 'customers', id: existing?.id ?? null }, draft.custom ?? {});
  errors.push(...custom.errors);
  if (errors.length > 0 || normalised.row === null) throw validationError(errors);
  return {
    row: { ...normalised.row, ...sensitive, custom: JSON.stringify(custom.custom) },
    points: normalised.points,
    replacedKinds: normalised.replacedKinds,
  };
}
