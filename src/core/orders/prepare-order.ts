import { codedField, type FieldError, validationError } from '../../domain/errors.ts';
import { toUtcInstant } from '../../domain/instant.ts';
import { currencyError } from '../../domain/money.ts';
import { priceItems, type OrderItemInputShape, type OrderItemShape, type OrderShape } from '../../domain/order.ts';
import { normaliseName } from '../../domain/text.ts';
import type { Ctx } from '../context.ts';
import { checkCustomValues } from '../custom-fields/check-custom-values.ts';
import { checkTargetCustomer } from '../customers/target-customer.ts';
import { checkDealRef } from './check-deal-ref.ts';

/** An order as it will be after the write; `items: null` keeps the stored items. */
export type OrderDraft = Pick<OrderShape, 'customerId' | 'dealId' | 'orderNo' | 'orderedAt' | 'status' | 'currency' | 'notes' | 'custom'> & {
  items: OrderItemInputShape[] | null;
  /** a total the client sent as a check */
  claimedTotal: number | undefined;
};

type Previous = Pick<OrderShape, 'id' | 'customerId' | 'dealId' | 'total'>;

/**
 * Validates an order draft and prices its items (amount = quantity × unit price, total = sum);
 * the client never sets amounts. Throws one validation error listing every problem.
 */
export async function prepareOrder(ctx: Ctx, draft: OrderDraft, previous: Previous | null) {
  const errors: FieldError[] = [];
  const orderedAt = toUtcInstant(draft.orderedAt);
  if (orderedAt === null) errors.push(codedField('orderedAt', 'order.time_not_storable'));
  const orderNo = draft.orderNo === null ? null : normaliseName(draft.orderNo);
  if (orderNo === '') errors.push({ field: 'orderNo', message: 'must not be blank', code: 'field.empty' });
  const currency = currencyError('currency', draft.currency);
  if (currency) errors.push(currency);
  const priced = draft.items === null ? null : priceItems(draft.items);
  if (priced) errors.push(...priced.errors);
  const total = priced ? priced.total : (previous?.total ?? 0);
  if (draft.claimedTotal !== undefined && draft.claimedTotal !== total) {
    errors.push(codedField('total', 'order.total_mismatch', { total }));
  }
  if (previous === null || previous.customerId !== draft.customerId) errors.push(...(await checkTargetCustomer(ctx, 'customerId', draft.customerId)));
  const dealChanged = previous === null || previous.dealId !== draft.dealId || previous.customerId !== draft.customerId;
  if (draft.dealId !== null && dealChanged) errors.push(...(await checkDealRef(ctx, 'dealId', draft.dealId, draft.customerId)));
  const custom = await checkCustomValues(ctx, { entity: 'order', table: 'orders', id: previous?.id ?? null }, draft.custom);
  errors.push(...custom.errors);
  if (errors.length > 0) throw validationError(errors);

  return {
    row: {
      customer_id: draft.customerId,
      deal_id: draft.dealId,
      order_no: orderNo,
      ordered_at: orderedAt as string,
      status: draft.status,
      currency: draft.currency,
      total,
      notes: draft.notes,
      custom: JSON.stringify(custom.custom),
    },
    items: priced ? (priced.items as OrderItemShape[]) : null,
  };
}
