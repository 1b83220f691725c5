import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TaskCreateInput, TaskListFilter, TaskPatchInput } from '../../../../src/domain/task.ts';
import { isApiError, request, type TaskShape } from '../../lib/api.ts';
import type { AccessListShape, PageOf } from '../../../../src/domain/record.ts';

export type { TaskShape };
export type TaskFilter = Omit<TaskListFilter, 'cursor' | 'limit' | 'includeDeleted'>;

export const tasksApi = {
  list: (filter: TaskFilter & { cursor?: string | undefined; limit?: number }) => request<PageOf<TaskShape>>('GET', '/tasks', { query: filter }),
  get: (id: number) => request<TaskShape>('GET', `/tasks/${id}`),
  create: (input: TaskCreateInput) => request<TaskShape>('POST', '/tasks', { body: input }),
  update: (id: number, patch: TaskPatchInput, version: number) => request<TaskShape>('PATCH', `/tasks/${id}`, { body: patch, version }),
  remove: (id: number, version: number) => request<void>('DELETE', `/tasks/${id}`, { version }),
  restore: (id: number) => request<TaskShape>('POST', `/tasks/${id}/restore`, { body: {} }),
  /** which of a page of tasks the viewer may change (tick, edit, delete) */
  access: (ids: number[]) => request<AccessListShape>('GET', '/tasks/access', { query: { ids: ids.join(',') } }),
};

/** Marks a task done (or not done again), then refreshes every task list and the dashboard. */
export function useToggleDone() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (task: TaskShape) => tasksApi.update(task.id, { done: !task.done }, task.version),
    onSuccess: (task) => void message.success(task.done ? t('tasks.markedDone') : t('tasks.markedOpen')),
    onError: (error) => void message.error(isApiError(error) && error.status === 412 ? t('tasks.stale') : error.message),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: ['reports'] });
    },
  });
}
