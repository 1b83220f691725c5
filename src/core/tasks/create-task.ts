import { recordChanges } from '../../domain/audit.ts';
import type { TaskCreateInput, TaskShape } from '../../domain/task.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { prepareTask } from './prepare-task.ts';
import { loadTask } from './tasks.repository.ts';

/** Creates a task, assigned to the actor unless `assigneeId` says otherwise (null: nobody). */
export async function createTask(ctx: Ctx, input: TaskCreateInput): Promise<TaskShape> {
  assertCanWrite(ctx.actor);
  const draft = { ...input, assigneeId: input.assigneeId === undefined ? ctx.actor.userId : input.assigneeId };
  const row = await prepareTask(ctx, draft, { current: null, assigneeChanged: true, linksChanged: true });
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('tasks')
        .values({ ...row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await loadTask(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'task', entityId: id, changes: recordChanges(null, created) });
      return created;
    }),
  );
}
