import { sql } from 'kysely';
import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { PageOf } from '../../domain/record.ts';
import type { TaskListFilter, TaskShape } from '../../domain/task.ts';
import { nowIso, type Ctx } from '../context.ts';
import { parseSort } from '../records/keyset.ts';
import { fetchPage } from '../records/paginate.ts';
import { tasksQuery, toTask } from './tasks.repository.ts';

const sortColumns = { dueAt: 'due_sort', createdAt: 'created_at' };
// Keyset paging needs a non-null sort value: tasks without a due time sort last either way.
const NO_DUE_ASCENDING = '9999-12-31T23:59:59.999Z';
const NO_DUE_DESCENDING = '1000-01-01T00:00:00.000Z';

/** One page of the tasks the actor may see: soonest due first unless `sort` says otherwise. */
export async function listTasks(ctx: Ctx, input: TaskListFilter): Promise<PageOf<TaskShape>> {
  const sort = parseSort(input.sort, sortColumns, 'dueAt');
  const errors: FieldError[] = [];
  const filter = utcFields(input, ['dueBefore', 'dueAfter'], errors);
  if (errors.length > 0) throw validationError(errors);
  const assignee = filter.assignee === 'me' ? ctx.actor.userId : filter.assignee === undefined ? undefined : Number(filter.assignee);
  const now = nowIso(ctx);
  const noDue = sort.descending ? NO_DUE_DESCENDING : NO_DUE_ASCENDING;
  const inner = tasksQuery(ctx)
    .selectAll('tasks')
    .select(sql<string>`coalesce(${sql.ref('tasks.due_at')}, ${noDue})`.as('due_sort'))
    .where('tasks.deleted_at', filter.includeDeleted ? 'is not' : 'is', null)
    .$if(assignee !== undefined, (q) => q.where('tasks.assignee_id', '=', assignee!))
    .$if(filter.done !== undefined, (q) => q.where('tasks.done', '=', filter.done!))
    .$if(filter.customerId !== undefined, (q) => q.where('tasks.customer_id', '=', filter.customerId!))
    .$if(filter.dueAfter !== undefined, (q) => q.where('tasks.due_at', '>=', filter.dueAfter!))
    .$if(filter.dueBefore !== undefined, (q) => q.where('tasks.due_at', '<', filter.dueBefore!))
    .$if(filter.overdue === true, (q) => q.where('tasks.done', '=', false).where('tasks.due_at', '<', now))
    .$if(filter.overdue === false, (q) =>
      q.where((eb) => eb.or([eb('tasks.done', '=', true), eb('tasks.due_at', 'is', null), eb('tasks.due_at', '>=', now)])),
    );
  const page = await fetchPage(ctx.db.selectFrom(inner.as('tasks')).selectAll(), 'tasks', sort, filter);
  return { items: page.rows.map(toTask), nextCursor: page.nextCursor };
}
