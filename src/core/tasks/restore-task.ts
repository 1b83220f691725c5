import { AppError } from '../../domain/errors.ts';
import type { TaskShape } from '../../domain/task.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { restoreFromRecycleBin } from '../records/soft-delete.ts';
import { findTaskForWrite, loadTask, tasksQuery } from './tasks.repository.ts';

/** Brings a task back from the recycle bin; a task about a deleted customer waits for the customer. */
export async function restoreTask(ctx: Ctx, id: number): Promise<TaskShape> {
  const row = await findTaskForWrite(ctx, id, { includeDeleted: true, withDeletedCustomers: true });
  const customerActive = await tasksQuery(ctx).select('tasks.id').where('tasks.id', '=', id).executeTakeFirst();
  if (!customerActive) {
    throw new AppError('conflict', { message: `customer ${row.customer_id} of task ${id} is in the recycle bin; restore the customer first`, messageCode: 'record.customer_deleted', params: { entity: 'task', id } });
  }
  await inTransaction(ctx, async (tx) => {
    await restoreFromRecycleBin(tx, { table: 'tasks', entity: 'task', row });
    await recordAudit(tx, { action: 'restore', entity: 'task', entityId: id, changes: { deletedAt: [row.deleted_at, null] } });
  });
  return loadTask(ctx, id);
}
