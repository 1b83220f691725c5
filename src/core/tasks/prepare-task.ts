import { validationError, type FieldError } from '../../domain/errors.ts';
import { utcFields } from '../../domain/instant.ts';
import type { TaskCreateInput, TaskShape } from '../../domain/task.ts';
import { normaliseName } from '../../domain/text.ts';
import { nowIso, type Ctx } from '../context.ts';
import { checkRecordLinks } from '../interactions/check-record-links.ts';
import { checkUserRef } from '../users/check-user-ref.ts';

/** A task as it will be after the write: the create input or the merged patch. */
export type TaskDraft = Omit<TaskCreateInput, 'assigneeId'> & { assigneeId: number | null };

interface Checks {
  /** the task before this write, or null when creating one */
  current: TaskShape | null;
  assigneeChanged: boolean;
  linksChanged: boolean;
}

/**
 * Validates a task draft and returns the row values; throws one error listing every problem.
 * References are checked when they are new, so a user disabled later does not block editing.
 */
export async function prepareTask(ctx: Ctx, input: TaskDraft, checks: Checks) {
  const errors: FieldError[] = [];
  const draft = utcFields(input, ['dueAt'], errors);
  const title = normaliseName(draft.title);
  if (!title) errors.push({ field: 'title', message: 'must not be blank', code: 'field.empty' });
  if (checks.assigneeChanged && draft.assigneeId !== null) errors.push(...(await checkUserRef(ctx, 'assigneeId', draft.assigneeId)));
  const links = { customerId: draft.customerId ?? null, contactId: draft.contactId ?? null, dealId: draft.dealId ?? null };
  if (checks.linksChanged) {
    const checked = await checkRecordLinks(ctx, links);
    errors.push(...checked.errors);
    links.customerId = checked.customerId;
  }
  if (errors.length > 0) throw validationError(errors);

  const done = draft.done ?? false;
  const wasDone = checks.current?.done === true;
  return {
    title,
    notes: draft.notes ?? null,
    due_at: draft.dueAt ?? null,
    priority: draft.priority ?? 'normal',
    assignee_id: draft.assigneeId,
    done,
    done_at: done ? (wasDone ? (checks.current?.doneAt ?? nowIso(ctx)) : nowIso(ctx)) : null,
    customer_id: links.customerId,
    contact_id: links.contactId,
    deal_id: links.dealId,
  };
}
