import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueries, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Checkbox, Col, List, Row, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useHotkey } from '../../lib/use-hotkey.ts';
import { useWritable } from '../../lib/use-writable.ts';
import { useConfirmRemove } from '../customers/record-actions.tsx';
import { useCustomerNames } from '../deals/use-customer-names.ts';
import { BirthdaysCard } from './BirthdaysCard.tsx';
import { TaskFormModal } from './TaskFormModal.tsx';
import { tasksApi, useToggleDone, type TaskFilter, type TaskShape } from './tasks-api.ts';

const VIEWS = ['mine', 'today', 'overdue', 'done'] as const;
type View = (typeof VIEWS)[number];

const PRIORITY_COLORS: Record<TaskShape['priority'], string> = { low: 'default', normal: 'blue', high: 'red' };

/** The filter behind each tab; "today" runs from local midnight to the next. */
function filterOf(view: View): TaskFilter {
  const start = new Date();
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  switch (view) {
    case 'mine':
      return { assignee: 'me', done: false };
    case 'today':
      return { assignee: 'me', done: false, dueAfter: start.toISOString(), dueBefore: end.toISOString() };
    case 'overdue':
      return { assignee: 'me', overdue: true };
    case 'done':
      return { assignee: 'me', done: true, sort: '-dueAt' };
  }
}

/** Edit and delete (with undo) where the task is listed; shown only to who may change it (`writable`: the server's rule, asked once per page). */
function TaskActions({ task, writable, onEdit }: { task: TaskShape; writable: boolean; onEdit: (task: TaskShape) => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const confirmRemove = useConfirmRemove();
  if (!writable) return null;
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['tasks'] }), task.customerId === null ? null : client.invalidateQueries({ queryKey: ['customers', task.customerId] })]);
  const remove = () => confirmRemove({ title: t('records.confirmDeleteTask', { title: task.title }), remove: () => tasksApi.remove(task.id, task.version), restore: () => tasksApi.restore(task.id), refresh });
  return (
    <span className="kehu-row-actions">
      <Button type="text" size="small" icon={<EditOutlined />} onClick={() => onEdit(task)} aria-label={`${t('app.edit')} ${task.title}`} data-testid="edit-record" />
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={remove} aria-label={`${t('app.delete')} ${task.title}`} data-testid="delete-record" />
    </span>
  );
}

function TaskList({ view, added }: { view: View; added: number[] }) {
  const user = useUser();
  const { t, i18n } = useTranslation();
  const toggle = useToggleDone();
  const [filter] = useState(() => filterOf(view));
  const [editing, setEditing] = useState<TaskShape | null>(null);
  const tasks = useInfiniteQuery({
    queryKey: ['tasks', view, filter],
    queryFn: ({ pageParam }) => tasksApi.list({ ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const loaded = tasks.data?.pages.flatMap((p) => p.items) ?? [];
  // A task just added shows first in Mine even when, undated or due late, it sorts past the first page
  // (read afresh with the lists, so an edit, a tick or a delete shows there too).
  const fresh = useQueries({
    queries: (view === 'mine' ? added : []).map((id) => ({ queryKey: ['tasks', 'one', id], queryFn: () => tasksApi.get(id), retry: false })),
    combine: (results) => results.flatMap((r) => (r.status === 'success' && !r.data.done ? [r.data] : [])),
  });
  const items = [...fresh.filter((task) => !loaded.some((l) => l.id === task.id)), ...loaded];
  // Tick, edit and delete only where the task may be changed: not one whose customer is shared read-only.
  const writable = useWritable('tasks', [...(tasks.data?.pages.map((p) => p.items.map((task) => task.id)) ?? []), fresh.map((task) => task.id)], tasksApi.access);
  const name = useCustomerNames(items.map((task) => task.customerId));
  const now = new Date().toISOString();

  return (
    <>
      <List
        loading={tasks.isPending}
        dataSource={items}
        data-testid="task-list"
        locale={{ emptyText: tasks.isError ? tasks.error.message : t(view === 'mine' && !canWrite(user) ? 'tasks.empty.mineReadOnly' : `tasks.empty.${view}`) }}
        renderItem={(task) => (
          <List.Item data-testid="task-item">
            <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start', width: '100%' }}>
              <Checkbox
                checked={task.done}
                disabled={!writable.has(task.id) || (toggle.isPending && toggle.variables?.id === task.id)}
                onChange={() => toggle.mutate(task)}
                aria-label={task.done ? t('tasks.markOpen') : t('tasks.markDone')}
              />
              <div style={{ flex: 1, minWidth: 0 }}>
                <Typography.Text delete={task.done} className="kehu-wrap">
                  {task.title}
                </Typography.Text>
                <div className="kehu-timeline-meta" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
                  {task.dueAt ? (
                    <span>
                      {!task.done && task.dueAt < now && <Tag color="error">{t('tasks.overdueTag')}</Tag>}
                      {formatDateTime(task.dueAt, i18n.language)}
                    </span>
                  ) : (
                    <span>{t('tasks.noDue')}</span>
                  )}
                  {task.priority !== 'normal' && <Tag color={PRIORITY_COLORS[task.priority]}>{t(`tasks.priorities.${task.priority}`)}</Tag>}
                  {task.customerId && (
                    <Link to={`/customers/${task.customerId}`} className="kehu-ellipsis" style={{ maxWidth: 260 }}>
                      {name(task.customerId) ?? `#${task.customerId}`}
                    </Link>
                  )}
                </div>
                {task.notes && <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ margin: 0 }}>{task.notes}</Typography.Paragraph>}
              </div>
              <TaskActions task={task} writable={writable.has(task.id)} onEdit={setEditing} />
            </div>
          </List.Item>
        )}
      />
      <TaskFormModal open={editing !== null} task={editing} onClose={() => setEditing(null)} />
      {tasks.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void tasks.fetchNextPage()} loading={tasks.isFetchingNextPage}>
            {t('app.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}

/** The viewer's tasks — open, due today, overdue, done — and this week's birthdays. */
export default function TasksPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { search } = useLocation();
  const asked = search.get('view');
  const view: View = VIEWS.includes(asked as View) ? (asked as View) : 'mine';
  const [creating, setCreating] = useState(false);
  const [added, setAdded] = useState<number[]>([]);
  useHotkey('n', () => setCreating(true), canWrite(user));

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('tasks.title')}</h1>
        <span style={{ flex: 1 }} />
        {canWrite(user) && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} title={t('tasks.newShortcut')}>
            {t('tasks.new')}
          </Button>
        )}
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={16}>
          <Card size="small">
            <Segmented
              value={view}
              onChange={(next) => navigate(next === 'mine' ? '/tasks' : `/tasks?view=${String(next)}`)}
              options={VIEWS.map((v) => ({ value: v, label: t(`tasks.views.${v}`) }))}
              style={{ marginBottom: 8 }}
            />
            <TaskList key={view} view={view} added={added} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <BirthdaysCard />
        </Col>
      </Row>
      <TaskFormModal open={creating} onClose={() => setCreating(false)} onSaved={(task) => setAdded((ids) => [task.id, ...ids])} />
    </div>
  );
}
