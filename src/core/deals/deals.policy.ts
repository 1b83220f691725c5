import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer, ofWritableCustomer } from '../customers/customers.policy.ts';

/**
 * Which deals `actor` may see, as a condition on `deals`: those of a customer the actor may
 * see. Unless `withDeletedCustomers`, a customer in the recycle bin takes its deals with it.
 */
export const visibleDeals = (actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> =>
  ofVisibleCustomer(actor, 'deals.customer_id', options);

/** Which deals `actor` may change, create, delete, restore or move: those of a customer the actor may change. */
export const writableDeals = (actor: Actor): Expression<SqlBool> => ofWritableCustomer(actor, 'deals.customer_id');
