import { WIN_BACK_TITLE, type ChurnTasksInputShape, type ChurnTasksResultShape } from '../../domain/analytics.ts';
import { isAppError } from '../../domain/errors.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { writableCustomers } from '../customers/customers.policy.ts';
import { createTask } from '../tasks/create-task.ts';
import { DEFAULT_CHURN_THRESHOLD, scoreChurn } from './churn-report.ts';
import { prepareAnalysis } from './prepare-analysis.ts';
import { customerNames } from './purchase-figures.ts';

const DAY_MS = 86_400_000;
const CHUNK = 2_000;

/**
 * A win-back task for the owner of every customer at risk (the actor for customers nobody owns),
 * due in `dueInDays`, saying why in both languages. A customer that already has an open win-back
 * task gets no second one; customers the actor may not change are left alone.
 */
export async function createChurnTasks(ctx: Ctx, input: ChurnTasksInputShape): Promise<ChurnTasksResultShape> {
  assertCanWrite(ctx.actor);
  const threshold = input.threshold ?? DEFAULT_CHURN_THRESHOLD;
  const analysis = await prepareAnalysis(ctx, input);
  const { atRisk } = await scoreChurn(ctx, analysis, threshold);
  const ids = atRisk.map((s) => s.customerId);
  const writable = new Set<number>();
  const open = new Set<number>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    for (const r of await ctx.db.selectFrom('customers').where(writableCustomers(ctx.actor)).where('customers.id', 'in', chunk).select('customers.id').execute()) writable.add(Number(r.id));
    const tasks = await ctx.db
      .selectFrom('tasks')
      .select('customer_id')
      .where('customer_id', 'in', chunk)
      .where('deleted_at', 'is', null)
      .where('done', '=', false)
      .where('title', 'like', `${WIN_BACK_TITLE}%`)
      .execute();
    for (const t of tasks) open.add(Number(t.customer_id));
  }
  const todo = atRisk.filter((s) => writable.has(s.customerId) && !open.has(s.customerId));
  const taskIds: number[] = [];
  if (!input.dryRun) {
    const due = new Date(ctx.clock.now().getTime() + (input.dueInDays ?? 7) * DAY_MS).toISOString();
    for (let i = 0; i < todo.length; i += CHUNK) {
      const chunk = todo.slice(i, i + CHUNK);
      const names = await customerNames(ctx, chunk.map((s) => s.customerId));
      for (const s of chunk) {
        const who = names.get(s.customerId);
        const risk = Math.round(s.churnRisk * 100);
        const task = (assigneeId: number | null) =>
          createTask(ctx, {
            title: `${WIN_BACK_TITLE} ${who?.name ?? s.customerId} (${risk}%)`.slice(0, 200),
            notes: `流失风险 ${risk}%：${s.reason.zh}\nChurn risk ${risk}%: ${s.reason.en}`,
            dueAt: due,
            priority: s.churnRisk >= 0.8 ? 'high' : 'normal',
            assigneeId,
            customerId: s.customerId,
          });
        const owner: number | null = who?.ownerId ?? ctx.actor.userId;
        // an owner who can no longer take tasks (disabled) leaves the task with the actor
        const made = await task(owner).catch((error: unknown) => {
          if (owner === ctx.actor.userId || !isAppError(error) || error.code !== 'validation') throw error;
          return task(ctx.actor.userId);
        });
        taskIds.push(made.id);
      }
    }
  }
  return {
    dryRun: input.dryRun === true,
    atRisk: atRisk.length,
    created: todo.length,
    alreadyOpen: atRisk.filter((s) => open.has(s.customerId)).length,
    notWritable: atRisk.filter((s) => !writable.has(s.customerId)).length,
    taskIds,
  };
}
