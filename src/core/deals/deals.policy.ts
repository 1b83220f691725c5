import { expressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { visibleCustomers } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which deals `actor` may see, as a condition on `deals`: those of a customer the actor may
 * see. Unless `withDeletedCustomers`, a customer in the recycle bin takes its deals with it.
 */
export function visibleDeals(actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'deals'>();
  return eb.exists(
    eb
      .selectFrom('customers')
      .select('customers.id')
      .whereRef('customers.id', '=', 'deals.customer_id')
      .where(visibleCustomers(actor))
      .$if(!options.withDeletedCustomers, (q) => q.where('customers.deleted_at', 'is', null)),
  );
}
