import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which tasks `actor` may see, as a condition on the `tasks` table. A task about a customer
 * follows that customer's visibility (and, unless `withDeletedCustomers`, leaves with it for
 * the recycle bin); a task about no customer is its assignee's and creator's (and admins').
 */
export function visibleTasks(actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'tasks'>();
  const personal =
    actor.role === 'admin' ? sql<boolean>`1 = 1` : eb.or([eb('tasks.assignee_id', '=', actor.userId), eb('tasks.created_by', '=', actor.userId)]);
  return eb.or([
    eb.and([eb('tasks.customer_id', 'is', null), personal]),
    ofVisibleCustomer(actor, 'tasks.customer_id', options),
  ]);
}
