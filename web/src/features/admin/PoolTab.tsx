import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, InputNumber, Skeleton, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PoolSettingsPatchInput } from '../../../../src/domain/settings.ts';
import { ErrorState } from '../../components/States.tsx';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi } from './admin-api.ts';

const POOL = ['admin', 'pool'] as const;
const FIELDS = ['maxCustomersPerRep', 'returnAfterDays', 'tellRepsWhenTaken'];

interface Values {
  maxCustomersPerRep: number | null;
  returnAfterDays: number | null;
  tellRepsWhenTaken: boolean;
}

/** The public pool (公海) rules: how many customers a rep may hold, when untouched ones go back, and the 撞单 notice. */
export function PoolTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const settings = useQuery({ queryKey: POOL, queryFn: adminApi.pool.get });
  const save = useMutation({
    mutationFn: (v: Values) => adminApi.pool.update({ maxCustomersPerRep: v.maxCustomersPerRep ?? null, returnAfterDays: v.returnAfterDays ?? null, tellRepsWhenTaken: v.tellRepsWhenTaken } satisfies PoolSettingsPatchInput),
    onSuccess: (saved) => {
      client.setQueryData(POOL, saved);
      setProblem([]);
      void message.success(t('app.saved'));
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, FIELDS)),
  });
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);

  if (settings.isError) return <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <Skeleton active />;
  const whole = (min: number, max: number) => ({ type: 'integer' as const, min, max, message: t('admin.pool.wholeNumber', { min, max }) });
  const { updatedAt } = settings.data;
  return (
    <div style={{ maxWidth: 560 }} data-testid="admin-pool">
      <p className="kehu-muted">{t('admin.pool.intro')}</p>
      {problem.length > 0 && <Alert type="error" showIcon title={problem.join('; ')} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={settings.data} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="maxCustomersPerRep" label={t('admin.pool.maxCustomersPerRep')} extra={t('admin.pool.maxCustomersPerRepHint')} rules={[whole(0, 1_000_000)]}>
          <InputNumber style={{ width: 180 }} placeholder={t('admin.pool.noLimit')} />
        </Form.Item>
        <Form.Item name="returnAfterDays" label={t('admin.pool.returnAfterDays')} extra={t('admin.pool.returnAfterDaysHint')} rules={[whole(1, 3650)]}>
          <InputNumber style={{ width: 180 }} placeholder={t('admin.pool.never')} suffix={t('admin.pool.days')} />
        </Form.Item>
        <Form.Item name="tellRepsWhenTaken" label={t('admin.pool.tellRepsWhenTaken')} extra={t('admin.pool.tellRepsWhenTakenHint')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('app.save')}
        </Button>
        {updatedAt && <span className="kehu-muted" style={{ marginInlineStart: 12 }}>{t('admin.pool.lastChanged', { when: formatDateTime(updatedAt, i18n.language) })}</span>}
      </Form>
    </div>
  );
}
