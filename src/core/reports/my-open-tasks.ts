import { sql } from 'kysely';
import { NEXT_TASKS, type MyTasksShape, type ReportWindow } from '../../domain/report.ts';
import { nowIso, type Ctx } from '../context.ts';
import { tasksQuery, toTask } from '../tasks/tasks.repository.ts';

/** The actor's open tasks: how many, how many overdue or due later today, and the next few. */
export async function myOpenTasks(ctx: Ctx, window: ReportWindow): Promise<MyTasksShape> {
  const now = nowIso(ctx);
  const mine = tasksQuery(ctx).where('tasks.deleted_at', 'is', null).where('tasks.assignee_id', '=', ctx.actor.userId).where('tasks.done', '=', false);
  const counts = await mine
    .select((eb) => [
      eb.fn.countAll<number | string>().as('open'),
      eb.fn.sum<number | string | null>(eb.case().when('tasks.due_at', '<', now).then(1).else(0).end()).as('overdue'),
      eb.fn
        .sum<number | string | null>(eb.case().when(eb.and([eb('tasks.due_at', '>=', now), eb('tasks.due_at', '<', window.tomorrowStart)])).then(1).else(0).end())
        .as('due_today'),
    ])
    .executeTakeFirstOrThrow();
  const next = await mine
    .selectAll('tasks')
    // undated tasks last on both databases (PostgreSQL sorts nulls last ascending, SQLite first)
    .orderBy(sql`case when ${sql.ref('tasks.due_at')} is null then 1 else 0 end`)
    .orderBy('tasks.due_at')
    .orderBy('tasks.id')
    .limit(NEXT_TASKS)
    .execute();
  return {
    open: Number(counts.open),
    overdue: Number(counts.overdue ?? 0),
    dueToday: Number(counts.due_today ?? 0),
    next: next.map(toTask),
  };
}
