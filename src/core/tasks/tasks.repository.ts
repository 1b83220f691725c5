import type { Selectable } from 'kysely';
import { notFound } from '../../domain/errors.ts';
import type { TaskShape } from '../../domain/task.ts';
import type { Ctx } from '../context.ts';
import type { TaskTable } from '../db/schema.ts';
import { visibleTasks, writableTasks } from './tasks.policy.ts';
import { assertCanWrite } from '../access/writes.ts';
import { mayWrite, writableRow } from '../access/write-loader.ts';
import { recordMeta } from '../records/record-meta.ts';

export type TaskRow = Selectable<TaskTable>;

/** Tasks the actor may see; every task read starts here. */
export const tasksQuery = (ctx: Ctx, options: { withDeletedCustomers?: boolean } = {}) =>
  ctx.db.selectFrom('tasks').where(visibleTasks(ctx.actor, options));

export async function findTaskRow(
  ctx: Ctx,
  id: number,
  options: { includeDeleted?: boolean; withDeletedCustomers?: boolean } = {},
): Promise<TaskRow> {
  const row = await tasksQuery(ctx, options)
    .selectAll('tasks')
    .where('tasks.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('tasks.deleted_at', 'is', null))
    .executeTakeFirst();
  if (!row) throw notFound('task', id);
  return row;
}

/** A task loaded for a write: 403 read-only token or role, 404 invisible, 403 read-only (see writableTasks). */
export async function findTaskForWrite(
  ctx: Ctx,
  id: number,
  options: { includeDeleted?: boolean; withDeletedCustomers?: boolean } = {},
): Promise<TaskRow> {
  assertCanWrite(ctx.actor);
  const row = await tasksQuery(ctx, options)
    .selectAll('tasks')
    .select(mayWrite(writableTasks(ctx.actor)))
    .where('tasks.id', '=', id)
    .$if(!options.includeDeleted, (q) => q.where('tasks.deleted_at', 'is', null))
    .executeTakeFirst();
  return writableRow('task', id, row);
}

export const toTask = (row: TaskRow): TaskShape => ({
  ...recordMeta(row),
  title: row.title,
  notes: row.notes,
  dueAt: row.due_at,
  priority: row.priority,
  assigneeId: row.assignee_id,
  done: Boolean(row.done),
  doneAt: row.done_at,
  customerId: row.customer_id,
  contactId: row.contact_id,
  dealId: row.deal_id,
});

export async function loadTask(ctx: Ctx, id: number): Promise<TaskShape> {
  return toTask(await findTaskRow(ctx, id));
}
