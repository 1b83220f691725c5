import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer, ofWritableCustomer } from '../customers/customers.policy.ts';
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

/**
 * Which contacts `actor` may change: a customer's people with that customer (see
 * writableCustomers); people of no customer are the shared address book, open to every role
 * that writes. Attaching a contact to a customer, or detaching it, changes that customer too.
 */
export function writableContacts(actor: Actor): Expression<SqlBool> {
  if (!actor.canWrite) return sql<boolean>`1 = 0`;
  const eb = expressionBuilder<Schema, 'contacts'>();
  return eb.or([eb('contacts.customer_id', 'is', null), ofWritableCustomer(actor, 'contacts.customer_id')]);
}
