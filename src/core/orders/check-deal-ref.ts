import { codedField, type FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { dealsQuery } from '../deals/deals.repository.ts';

/** An order's deal must be a live deal of the same customer. */
export async function checkDealRef(ctx: Ctx, field: string, dealId: number, customerId: number): Promise<FieldError[]> {
  const row = await dealsQuery(ctx).select('deals.customer_id').where('deals.id', '=', dealId).where('deals.deleted_at', 'is', null).executeTakeFirst();
  if (!row) return [codedField(field, 'field.no_such', { entity: 'deal', id: dealId })];
  if (row.customer_id !== customerId) return [codedField(field, 'field.other_customer', { entity: 'deal', id: dealId, customer: customerId })];
  return [];
}
