import type { TaskCreateInput, TaskShape } from '../../domain/task.ts';
import { assertCanWrite } from '../access/writes.ts';
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
  const id = await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const created = await tx.db
        .insertInto('tasks')
        .values({ ...row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      return created.id;
    }),
  );
  return loadTask(ctx, id);
}
