import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which customers `actor` may see, as a condition on the `customers` table. Every query that
 * reads customers (or records that belong to one) goes through here, so list, get, search,
 * phone lookup, export and reports share one rule. Ownership rules arrive with access
 * control; until then every signed-in user sees every customer.
 */
export function visibleCustomers(_actor: Actor): Expression<SqlBool> {
  return sql<boolean>`1 = 1`;
}

/**
 * Rows whose customer (referenced by `customerIdColumn`, e.g. 'deals.customer_id') the actor may
 * see. Unless `withDeletedCustomers`, a customer in the recycle bin takes its records with it.
 * Contacts, deals, orders, interactions and tasks all follow their customer through here.
 */
export function ofVisibleCustomer(
  actor: Actor,
  customerIdColumn: string,
  options: { withDeletedCustomers?: boolean } = {},
): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'customers'>();
  return eb.exists(
    eb
      .selectFrom('customers')
      .select('customers.id')
      .where(sql<boolean>`${sql.ref('customers.id')} = ${sql.ref(customerIdColumn)}`)
      .where(visibleCustomers(actor))
      .$if(!options.withDeletedCustomers, (q) => q.where('customers.deleted_at', 'is', null)),
  );
}
