import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, DatePicker, Form, Input, Segmented } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { api, type InteractionShape } from '../../lib/api.ts';
import { INTERACTION_TYPES } from '../../lib/domain-values.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';

interface Values {
  type: InteractionShape['type'];
  subject?: string;
  body?: string;
  occurredAt: Dayjs;
}

/** "Log a call or visit": one short form, straight onto the timeline. */
export function LogActivity({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const user = useUser();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const log = useMutation({
    mutationFn: (v: Values) =>
      api.interactions.create({
        customerId,
        type: v.type,
        subject: v.subject?.trim() || null,
        body: v.body?.trim() || null,
        occurredAt: (v.occurredAt ?? dayjs()).toISOString(),
      }),
    onSuccess: async () => {
      void message.success(t('customer.logged'));
      form.resetFields();
      form.setFieldsValue({ occurredAt: dayjs() });
      await client.invalidateQueries({ queryKey: ['customers', customerId] });
    },
    onError: (error) => setProblems(applyFieldErrors(form, error, ['type', 'subject', 'body', 'occurredAt'])),
  });
  if (!canWrite(user)) return null;
  return (
    <Card title={t('customer.logActivity')} size="small">
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ type: 'call', occurredAt: dayjs() }} onFinish={(v) => { setProblems([]); log.mutate(v); }} data-testid="log-activity">
        <Form.Item name="type" style={{ marginBottom: 8, overflowX: 'auto' }}>
          <Segmented options={INTERACTION_TYPES.map((type) => ({ value: type, label: t(`interactionTypes.${type}`) }))} />
        </Form.Item>
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
          <Form.Item name="subject" style={{ flex: '2 1 200px', marginBottom: 8 }}>
            <Input placeholder={t('customer.subject')} aria-label={t('customer.subject')} maxLength={200} />
          </Form.Item>
          <Form.Item name="occurredAt" style={{ flex: '1 1 160px', marginBottom: 8 }}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('customer.when')} style={{ width: '100%' }} allowClear={false} />
          </Form.Item>
        </div>
        <Form.Item name="body" style={{ marginBottom: 8 }}>
          <Input.TextArea placeholder={t('customer.details')} aria-label={t('customer.details')} autoSize={{ minRows: 2, maxRows: 6 }} />
        </Form.Item>
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="log-submit">
          {t('app.save')}
        </Button>
      </Form>
    </Card>
  );
}
