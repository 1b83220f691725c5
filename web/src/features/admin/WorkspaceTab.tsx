import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Select, Skeleton } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatUtcOffset, UTC_OFFSET_CHOICES } from '../../../../src/domain/workspace-time.ts';
import { ErrorState } from '../../components/States.tsx';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi } from './admin-api.ts';

const TIME_ZONE = ['admin', 'time-zone'] as const;

interface Values {
  utcOffset: number;
}

/** The workspace's time zone: where analytics' days and months begin, how import times without a zone are read, and export times. */
export function WorkspaceTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const settings = useQuery({ queryKey: TIME_ZONE, queryFn: adminApi.timeZone.get });
  const save = useMutation({
    mutationFn: (v: Values) => adminApi.timeZone.update({ utcOffset: v.utcOffset }),
    onSuccess: (saved) => {
      client.setQueryData(TIME_ZONE, saved);
      // every analysis counts its days anew
      void client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'admin' });
      setProblem([]);
      void message.success(t('app.saved'));
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, ['utcOffset'])),
  });
  useEffect(() => {
    if (settings.data) form.setFieldsValue({ utcOffset: settings.data.utcOffset });
  }, [settings.data, form]);

  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton active />;
  const current = settings.data;
  const zh = i18n.language.startsWith('zh');
  const choices = UTC_OFFSET_CHOICES.some((c) => c.minutes === current.utcOffset) ? UTC_OFFSET_CHOICES : [...UTC_OFFSET_CHOICES, { minutes: current.utcOffset, en: '', zh: '' }].sort((a, b) => a.minutes - b.minutes);
  const options = choices.map((c) => ({ value: c.minutes, label: `${formatUtcOffset(c.minutes)}${c.en ? ` ${zh ? c.zh : c.en}` : ''}`, search: `${formatUtcOffset(c.minutes)} ${c.en} ${c.zh}`.toLowerCase() }));
  return (
    <div style={{ maxWidth: 640 }} data-testid="admin-workspace">
      <Form form={form} layout="vertical" initialValues={{ utcOffset: current.utcOffset }} onFinish={(v) => save.mutate(v)}>
        <Form.Item
          name="utcOffset"
          label={t('admin.workspace.timeZone')}
          extra={
            <>
              <div>{t('admin.workspace.timeZoneHint')}</div>
              {current.timeZone && <div>{t('admin.workspace.fromZone', { zone: current.timeZone })}</div>}
              <div>{t('admin.workspace.summerTime')}</div>
            </>
          }
        >
          <Select
            data-testid="workspace-time-zone"
            aria-label={t('admin.workspace.timeZone')}
            options={options}
            showSearch={{ filterOption: (input, option) => (option?.search ?? '').includes(input.toLowerCase()) }}
            style={{ width: '100%', maxWidth: 460 }}
          />
        </Form.Item>
        {problem.length > 0 && <Alert type="error" showIcon title={problem.join('; ')} style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('app.save')}
        </Button>
        <div className="kehu-muted" style={{ marginTop: 12 }} data-testid="workspace-time-changed">
          {current.updatedAt
            ? t(current.updatedByName ? 'admin.workspace.changedBy' : 'admin.workspace.changedFromCli', { when: formatDateTime(current.updatedAt, i18n.language), who: current.updatedByName ?? '' })
            : t('admin.workspace.neverChanged')}
        </div>
      </Form>
    </div>
  );
}
