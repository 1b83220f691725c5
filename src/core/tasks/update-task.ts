import { recordChanges } from '../../domain/audit.ts';
import type { TaskPatchInput, TaskShape } from '../../domain/task.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { checkVersion, updateVersioned } from '../records/versioned.ts';
import { prepareTask } from './prepare-task.ts';
import { assertCanDetachTask } from './tasks.policy.ts';
import { findTaskForWrite, loadTask, toTask } from './tasks.repository.ts';

/**
 * Applies a partial update; marking it done stamps `doneAt`, undoing it clears it. A new
 * `customerId` moves the task and `null` detaches it: both customers must be writable.
 */
export async function updateTask(ctx: Ctx, id: number, patch: TaskPatchInput, expectedVersion?: number): Promise<TaskShape> {
  const row = await findTaskForWrite(ctx, id);
  checkVersion('task', id, row.version, expectedVersion);
  const current = toTask(row);
  const values = await prepareTask(ctx, { ...current, ...patch }, {
    current,
    assigneeChanged: patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId,
    linksChanged: ['customerId', 'contactId', 'dealId'].some((field) => field in patch),
  });
  if (row.customer_id !== null && values.customer_id === null) assertCanDetachTask(ctx.actor, { assigneeId: values.assignee_id, createdBy: row.created_by });
  const target = { table: 'tasks', entity: 'task', id, version: row.version } as const;
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      await updateVersioned(tx.db, target, values, ctx.actor, nowIso(ctx));
      const updated = await loadTask(tx, id);
      await recordAudit(tx, { action: 'update', entity: 'task', entityId: id, changes: recordChanges(current, updated) });
      return updated;
    }),
  );
}
