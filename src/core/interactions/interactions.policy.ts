import { expressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which interactions `actor` may see, as a condition on the `interactions` table: those of a
 * customer the actor may see. Unless `withDeletedCustomers`, a customer in the recycle bin
 * takes its timeline with it.
 */
export function visibleInteractions(actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'interactions'>();
  return eb.exists(
    eb
      .selectFrom('customers')
      .select('customers.id')
      .whereRef('customers.id', '=', 'interactions.customer_id')
      .where(visibleCustomers(actor))
      .$if(!options.withDeletedCustomers, (q) => q.where('customers.deleted_at', 'is', null)),
  );
}
