import { closedAtAfter, type DealShape } from '../../domain/deal.ts';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { isStorableDate } from '../../domain/instant.ts';
import { currencyError } from '../../domain/money.ts';
import { normaliseName } from '../../domain/text.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';
import { checkContactRef, checkStageRef } from './deal-refs.ts';

/** A deal as it will be after the write: the create input with defaults, or the record with a patch applied. */
export type DealDraft = Pick<
  DealShape,
  'customerId' | 'contactId' | 'title' | 'stageId' | 'amount' | 'currency' | 'expectedClose' | 'status' | 'ownerId' | 'notes' | 'custom'
>;

type Previous = Pick<DealShape, 'id' | 'customerId' | 'contactId' | 'stageId' | 'ownerId' | 'status' | 'closedAt'>;

/**
 * Validates a deal draft the same way for every entry path and returns the row to store.
 * References are checked when they are new or changed, so a stage or owner retired later
 * does not block an unrelated edit. Throws one validation error listing every problem.
 */
export async function prepareDeal(ctx: Ctx, draft: DealDraft, previous: Previous | null) {
  const errors: FieldError[] = [];
  const title = normaliseName(draft.title);
  if (!title) errors.push({ field: 'title', message: 'must not be blank', code: 'field.empty' });
  if (draft.expectedClose !== null && !isStorableDate(draft.expectedClose)) errors.push({ field: 'expectedClose', message: 'is not a storable date', code: 'field.date' });
  const currency = currencyError('currency', draft.currency);
  if (currency) errors.push(currency);
  const changed = (key: 'customerId' | 'contactId' | 'stageId' | 'ownerId') => previous === null || previous[key] !== draft[key];
  if (changed('customerId')) errors.push(...(await checkTargetCustomer(ctx, 'customerId', draft.customerId)));
  if (draft.contactId !== null && (changed('contactId') || changed('customerId'))) {
    errors.push(...(await checkContactRef(ctx, 'contactId', draft.contactId, draft.customerId)));
  }
  if (changed('stageId')) errors.push(...(await checkStageRef(ctx, 'stageId', draft.stageId)));
  if (draft.ownerId !== null && changed('ownerId')) errors.push(...(await checkUserRef(ctx, 'ownerId', draft.ownerId)));
  const custom = await checkCustomValues(ctx, { entity: 'deal', table: 'deals', id: previous?.id ?? null }, draft.custom);
  errors.push(...custom.errors);
  if (errors.length > 0) throw validationError(errors);

  return {
    customer_id: draft.customerId,
    contact_id: draft.contactId,
    title,
    stage_id: draft.stageId,
    amount: draft.amount,
    currency: draft.currency,
    expected_close: draft.expectedClose,
    status: draft.status,
    closed_at: closedAtAfter(previous, draft.status, nowIso(ctx)),
    owner_id: draft.ownerId,
    notes: draft.notes,
    custom: JSON.stringify(custom.custom),
  };
}
