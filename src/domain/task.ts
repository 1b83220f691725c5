import { Type, type Static } from 'typebox';
import { Id, ListQueryBase, Literals, LongText, Nullable, optionalFields, RecordMeta, Timestamp } from './record.ts';

export const TASK_PRIORITIES = ['low', 'normal', 'high'] as const;
export const TASK_SORTS = ['dueAt', '-dueAt', 'createdAt', '-createdAt'] as const;

const Priority = Literals(TASK_PRIORITIES);
const Title = Type.String({ minLength: 1, maxLength: 200 });

const editable = {
  notes: Nullable(LongText),
  dueAt: Nullable(Timestamp),
  priority: Priority,
  assigneeId: Nullable(Id),
  done: Type.Boolean(),
  customerId: Nullable(Id),
  contactId: Nullable(Id),
  dealId: Nullable(Id),
};

export const TaskCreate = Type.Object({ title: Title, ...optionalFields(editable) }, { additionalProperties: false });

export const TaskPatch = Type.Object({ title: Type.Optional(Title), ...optionalFields(editable) }, { additionalProperties: false });

export const Task = Type.Object({
  ...RecordMeta,
  title: Type.String(),
  ...editable,
  doneAt: Nullable(Timestamp),
});

export const TaskListQuery = Type.Object(
  {
    ...ListQueryBase,
    assignee: Type.Optional(Type.String({ pattern: '^(me|[1-9][0-9]{0,14})$', description: 'a user id, or `me`' })),
    done: Type.Optional(Type.Boolean()),
    overdue: Type.Optional(Type.Boolean({ description: 'true: not done and due before now' })),
    dueAfter: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'due at or after this time' })),
    dueBefore: Type.Optional(Type.String({ format: 'date-time', maxLength: 40, description: 'due before this time' })),
    customerId: Type.Optional(Id),
    sort: Type.Optional(Literals(TASK_SORTS, { description: 'dueAt: soonest first, tasks without a due time last' })),
  },
  { additionalProperties: false },
);

export type TaskCreateInput = Static<typeof TaskCreate>;
export type TaskPatchInput = Static<typeof TaskPatch>;
export type TaskShape = Static<typeof Task>;
export type TaskListFilter = Static<typeof TaskListQuery>;
