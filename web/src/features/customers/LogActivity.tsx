import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { INTERACTION_FIELDS, InteractionFields, interactionBody, type InteractionValues } from './InteractionFields.tsx';
import { useCanEditCustomer } from './record-actions.tsx';

/** "Log a call or visit": one short form, straight onto the timeline. */
export function LogActivity({ customerId }: { customerId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const editable = useCanEditCustomer(customerId);
  const [form] = Form.useForm<InteractionValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const log = useMutation({
    mutationFn: (v: InteractionValues) => api.interactions.create({ customerId, ...interactionBody({ ...v, occurredAt: v.occurredAt ?? dayjs() }) }),
    onSuccess: async () => {
      void message.success(t('customer.logged'));
      form.resetFields();
      form.setFieldsValue({ occurredAt: dayjs() });
      await client.invalidateQueries({ queryKey: ['customers', customerId] });
    },
    onError: (error) => setProblems(applyFieldErrors(form, error, INTERACTION_FIELDS)),
  });
  if (!editable) return null;
  return (
    <Card title={t('customer.logActivity')} size="small">
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ type: 'call', occurredAt: dayjs() }} onFinish={(v) => { setProblems([]); log.mutate(v); }} data-testid="log-activity">
        <InteractionFields />
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 8 }} />}
        <Button type="primary" htmlType="submit" loading={log.isPending} data-testid="log-submit">
          {t('app.save')}
        </Button>
      </Form>
    </Card>
  );
}
