import type { DealListFilter, DealShape } from '../../domain/deal.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { listDeals } from './list-deals.ts';

/** The deals of one customer; 404 when the actor cannot see that customer. */
export async function listCustomerDeals(ctx: Ctx, customerId: number, filter: Omit<DealListFilter, 'customerId'>): Promise<PageOf<DealShape>> {
  await findCustomerRow(ctx, customerId);
  return listDeals(ctx, { ...filter, customerId });
}
