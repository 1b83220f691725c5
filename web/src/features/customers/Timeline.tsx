import { CheckSquareOutlined, DeleteOutlined, EditOutlined, MessageOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Tag, Timeline as AntTimeline, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api, type AuditEntryShape, type InteractionShape, type TaskShape } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { TaskFormModal } from '../tasks/TaskFormModal.tsx';
import { tasksApi } from '../tasks/tasks-api.ts';
import { InteractionFormModal } from './InteractionFormModal.tsx';
import { useCanEditCustomer, useConfirmRemove } from './record-actions.tsx';
import { useOwnerName } from './use-lookups.ts';

interface Entry {
  key: string;
  at: string;
  color: string;
  icon: ReactNode;
  body: ReactNode;
}

const FIELD_KEYS = new Set(['name', 'stage', 'level', 'industry', 'source', 'city', 'province', 'country', 'address', 'website', 'notes', 'tags', 'phone', 'email', 'owner']);
const fieldLabel = (t: TFunction, field: string) => {
  const key = field === 'phones' ? 'phone' : field === 'emails' ? 'email' : field === 'ownerId' ? 'owner' : field;
  return FIELD_KEYS.has(key) ? t(`customers.${key}` as 'customers.name') : field;
};

interface Actions<T> {
  edit: (record: T) => void;
  remove: (record: T) => void;
}

function RowActions<T extends { id: number }>({ record, actions, label }: { record: T; actions: Actions<T> | null; label: string }) {
  const { t } = useTranslation();
  if (!actions) return null;
  return (
    <span className="kehu-row-actions">
      <Button type="text" size="small" icon={<EditOutlined />} onClick={() => actions.edit(record)} aria-label={`${t('app.edit')} ${label}`} data-testid="edit-record" />
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={() => actions.remove(record)} aria-label={`${t('app.delete')} ${label}`} data-testid="delete-record" />
    </span>
  );
}

function interactionEntry(i: InteractionShape, t: TFunction, lang: string, who: string, actions: Actions<InteractionShape> | null): Entry {
  return {
    key: `i${i.id}`,
    at: i.occurredAt,
    color: 'blue',
    icon: <MessageOutlined />,
    body: (
      <div data-testid="timeline-interaction">
        <RowActions record={i} actions={actions} label={i.subject ?? t(`interactionTypes.${i.type}`)} />
        <Tag color="blue">{t(`interactionTypes.${i.type}`)}</Tag>
        {i.subject && <Typography.Text strong className="kehu-wrap">{i.subject}</Typography.Text>}
        {i.body && <div className="kehu-wrap" style={{ whiteSpace: 'pre-wrap' }}>{i.body}</div>}
        <div className="kehu-timeline-meta">{formatDateTime(i.occurredAt, lang)} · {who}</div>
      </div>
    ),
  };
}

const ENTITIES = ['contact', 'deal', 'order', 'task'] as const;
// What a write was part of (an import, a revert), not a field it changed.
const NOTES = new Set(['importJob', 'row', 'revertedImport']);

function describe(a: AuditEntryShape, t: TFunction): string {
  const action = t(`auditActions.${a.action}` as 'auditActions.create', { defaultValue: a.action });
  const other = ENTITIES.find((e) => e === a.entity);
  if (other) return t('customer.actionOn', { action, entity: t(`entities.${other}`) });
  const job = a.changes.importJob?.[1];
  const row = a.changes.row?.[1];
  if (a.action === 'create' && job != null && row != null) return t('customer.createdByImport', { job, row });
  if (a.action === 'create') return t('customer.createdRecord');
  const fields = Object.keys(a.changes).filter((f) => !NOTES.has(f)).map((f) => fieldLabel(t, f)).join(', ');
  if (a.action === 'update' && job != null && row != null) return t('customer.updatedByImport', { job, row, fields });
  if (a.action === 'update') return t('customer.changedFields', { fields });
  return action;
}

function historyEntry(a: AuditEntryShape, t: TFunction, lang: string, who: string): Entry {
  const what = describe(a, t);
  return {
    key: `a${a.id}`,
    at: a.at,
    color: 'gray',
    icon: <EditOutlined />,
    body: (
      <div>
        <span className="kehu-wrap">{who} {what}</span>
        <div className="kehu-timeline-meta">{formatDateTime(a.at, lang)}</div>
      </div>
    ),
  };
}

function taskEntry(task: TaskShape, lang: string, actions: Actions<TaskShape> | null): Entry {
  const at = task.dueAt ?? task.createdAt;
  return {
    key: `t${task.id}`,
    at,
    color: task.done ? 'green' : 'orange',
    icon: <CheckSquareOutlined />,
    body: (
      <div data-testid="timeline-task">
        <RowActions record={task} actions={actions} label={task.title} />
        <Typography.Text delete={task.done} className="kehu-wrap">{task.title}</Typography.Text>
        <div className="kehu-timeline-meta">{formatDateTime(at, lang)}</div>
      </div>
    ),
  };
}

/** Interactions, tasks and field changes of one customer, newest first. */
export function Timeline({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const ownerName = useOwnerName();
  const editable = useCanEditCustomer(customerId);
  const confirmRemove = useConfirmRemove();
  const [editingInteraction, setEditingInteraction] = useState<InteractionShape | null>(null);
  const [editingTask, setEditingTask] = useState<TaskShape | null>(null);
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['customers', customerId] }), client.invalidateQueries({ queryKey: ['tasks'] })]);
  const interactionActions: Actions<InteractionShape> | null = editable
    ? {
        edit: setEditingInteraction,
        remove: (i) =>
          confirmRemove({
            title: t('records.confirmDeleteInteraction', { what: i.subject ?? t(`interactionTypes.${i.type}`) }),
            remove: () => api.interactions.remove(i.id, i.version),
            restore: () => api.interactions.restore(i.id),
            refresh,
          }),
      }
    : null;
  const taskActions: Actions<TaskShape> | null = editable
    ? {
        edit: setEditingTask,
        remove: (task) =>
          confirmRemove({
            title: t('records.confirmDeleteTask', { title: task.title }),
            remove: () => tasksApi.remove(task.id, task.version),
            restore: () => tasksApi.restore(task.id),
            refresh,
          }),
      }
    : null;
  const who = (id: number | null) => (id === null ? t('customer.someone') : ownerName(id));
  const interactions = useInfiniteQuery({
    queryKey: ['customers', customerId, 'interactions'],
    queryFn: ({ pageParam }) => api.customers.interactions(customerId, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const history = useQuery({ queryKey: ['customers', customerId, 'history'], queryFn: () => api.customers.history(customerId) });
  const tasks = useQuery({ queryKey: ['customers', customerId, 'tasks'], queryFn: () => api.tasks.ofCustomer(customerId) });

  if (interactions.isPending) return <Loading />;
  if (interactions.isError) return <ErrorState error={interactions.error} onRetry={() => void interactions.refetch()} />;
  const lang = i18n.language;
  const loaded = interactions.data.pages.flatMap((p) => p.items);
  // Older changes and tasks wait until the interactions reach back that far.
  const oldest = interactions.hasNextPage ? (loaded[loaded.length - 1]?.occurredAt ?? '') : '';
  const entries = [
    ...loaded.map((i) => interactionEntry(i, t, lang, who(i.createdBy), interactionActions)),
    ...(history.data?.items ?? []).filter((a) => a.entity !== 'interaction' && a.entity !== 'task' && a.at >= oldest).map((a) => historyEntry(a, t, lang, a.actorId === null && a.origin === 'console' ? t('customer.console') : who(a.actorId))),
    ...(tasks.data?.items ?? []).filter((task) => (task.dueAt ?? task.createdAt) >= oldest).map((task) => taskEntry(task, lang, taskActions)),
  ].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

  const modals = (
    <>
      <InteractionFormModal interaction={editingInteraction} onClose={() => setEditingInteraction(null)} />
      <TaskFormModal open={editingTask !== null} task={editingTask} onClose={() => setEditingTask(null)} />
    </>
  );
  if (entries.length === 0) return <EmptyState description={t('customer.noTimeline')} />;
  return (
    <div data-testid="timeline">
      {modals}
      <AntTimeline items={entries.map((e) => ({ key: e.key, color: e.color, icon: e.icon, content: e.body }))} />
      {interactions.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void interactions.fetchNextPage()} loading={interactions.isFetchingNextPage}>{t('app.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}
