import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer, ofWritableCustomer } from '../customers/customers.policy.ts';

/**
 * Which orders `actor` may see, as a condition on `orders`: those of a customer the actor may
 * see. Unless `withDeletedCustomers`, a customer in the recycle bin takes its orders with it.
 */
export const visibleOrders = (actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> =>
  ofVisibleCustomer(actor, 'orders.customer_id', options);

/** Which orders `actor` may change, create, delete, restore or move: those of a customer the actor may change. */
export const writableOrders = (actor: Actor): Expression<SqlBool> => ofWritableCustomer(actor, 'orders.customer_id');
