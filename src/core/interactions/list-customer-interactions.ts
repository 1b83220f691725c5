import type { InteractionListFilter, InteractionShape } from '../../domain/interaction.ts';
import type { PageOf } from '../../domain/record.ts';
import type { Ctx } from '../context.ts';
import { findCustomerRow } from '../customers/customers.repository.ts';
import { listInteractions } from './list-interactions.ts';

/** A customer's timeline, newest first; 404 when the actor cannot see the customer. */
export async function listCustomerInteractions(
  ctx: Ctx,
  customerId: number,
  query: Pick<InteractionListFilter, 'limit' | 'cursor' | 'type'>,
): Promise<PageOf<InteractionShape>> {
  await findCustomerRow(ctx, customerId);
  return listInteractions(ctx, { ...query, customerId, sort: '-occurredAt' });
}
