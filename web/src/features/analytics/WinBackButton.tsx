import { CheckSquareOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChurnTasksResultShape } from '../../../../src/domain/analytics.ts';
import { canWrite, useUser } from '../../app/session.tsx';
import { request } from '../../lib/api.ts';
import type { ReportFilters } from './filters.ts';

/** A win-back task for the owner of every customer at risk under the page's filters: counted first, made on confirmation. */
export function WinBackButton({ filters, currency }: { filters: ReportFilters; currency: string | null }) {
  const { t } = useTranslation();
  const { modal, message } = App.useApp();
  const me = useUser();
  const client = useQueryClient();
  const body = { ...filters, ...(currency ? { currency } : {}) };
  const run = useMutation({ mutationFn: (dryRun: boolean) => request<ChurnTasksResultShape>('POST', '/analytics/churn/tasks', { body: { ...body, dryRun } }) });
  if (!canWrite(me)) return null;

  const start = () =>
    run.mutate(true, {
      onSuccess: (counted) => {
        if (counted.created === 0) return void message.info(t('analytics.churn.noTasks', { open: counted.alreadyOpen }));
        modal.confirm({
          title: t('analytics.churn.tasksConfirm', { count: counted.created }),
          content: t('analytics.churn.tasksDetail', { open: counted.alreadyOpen, notWritable: counted.notWritable }),
          okText: t('analytics.churn.createTasks'),
          onOk: async () => {
            const made = await run.mutateAsync(false);
            void client.invalidateQueries({ queryKey: ['tasks'] });
            void message.success(t('analytics.churn.tasksCreated', { count: made.created }));
          },
        });
      },
      onError: (error) => void message.error(error.message),
    });

  return (
    <Button size="small" icon={<CheckSquareOutlined />} loading={run.isPending} onClick={start} data-testid="win-back">
      {t('analytics.churn.createTasks')}
    </Button>
  );
}
