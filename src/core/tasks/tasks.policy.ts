import { expressionBuilder, sql, type Expression, type SqlBool } from 'kysely';
import { codedError } from '../../domain/errors.ts';
import type { Actor } from '../context.ts';
import { ofVisibleCustomer, ofWritableCustomer } from '../customers/customers.policy.ts';
import type { Schema } from '../db/schema.ts';

/**
 * Which tasks `actor` may see, as a condition on the `tasks` table. A task about a customer
 * follows that customer's visibility (and, unless `withDeletedCustomers`, leaves with it for
 * the recycle bin); a task about no customer is its assignee's and creator's (and admins').
 */
export function visibleTasks(actor: Actor, options: { withDeletedCustomers?: boolean } = {}): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'tasks'>();
  return eb.or([personalTasks(actor), ofVisibleCustomer(actor, 'tasks.customer_id', options)]);
}

/**
 * Which tasks `actor` may change: a task about a customer with that customer (see
 * writableCustomers), even for its assignee; a task about no customer by whoever sees it.
 */
export function writableTasks(actor: Actor): Expression<SqlBool> {
  if (!actor.canWrite) return sql<boolean>`1 = 0`;
  const eb = expressionBuilder<Schema, 'tasks'>();
  return eb.or([personalTasks(actor), ofWritableCustomer(actor, 'tasks.customer_id')]);
}

/** Tasks about no customer: their assignee's and creator's (and admins'). */
function personalTasks(actor: Actor): Expression<SqlBool> {
  const eb = expressionBuilder<Schema, 'tasks'>();
  const personal =
    actor.role === 'admin' ? sql<boolean>`1 = 1` : eb.or([eb('tasks.assignee_id', '=', actor.userId), eb('tasks.created_by', '=', actor.userId)]);
  return eb.and([eb('tasks.customer_id', 'is', null), personal]);
}

/**
 * Detaching a task from its customer makes it a task about no customer, which is its
 * assignee's and creator's: only they (and admins) may, or the writer would lose the task.
 */
export function assertCanDetachTask(actor: Actor, task: { assigneeId: number | null; createdBy: number | null }): void {
  if (actor.role === 'admin' || task.assigneeId === actor.userId || task.createdBy === actor.userId) return;
  throw codedError('forbidden', 'task.detach_not_allowed');
}
