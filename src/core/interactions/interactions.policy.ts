import type { Expression, SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer, ofWritableCustomer } from '../customers/customers.policy.ts';

/**
 * Which interactions `actor` may see, as a condition on the `interactions` table: those of a
 * customer the actor may see. Unless `withDeletedCustomers`, a customer in the recycle bin
 * takes its timeline with it.
 */
export const visibleInteractions = (actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> =>
  ofVisibleCustomer(actor, 'interactions.customer_id', options);

/** Which interactions `actor` may change, create, delete, restore or move: those of a customer the actor may change. */
export const writableInteractions = (actor: Actor): Expression<SqlBool> => ofWritableCustomer(actor, 'interactions.customer_id');
