import { expressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which contacts `actor` may see, as a condition on the `contacts` table: those without a
 * customer, and those whose customer the actor may see (the customer policy decides) and
 * that is not in the recycle bin: deleting a customer takes its people with it until restored.
 */
export function visibleContacts(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'contacts'>();
  return eb.or([
    eb('contacts.customer_id', 'is', null),
    ofVisibleCustomer(actor, 'contacts.customer_id'),
  ]);
}
