import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type InteractionShape } from '../../lib/api.ts';
import { writeProblems } from '../../lib/form-errors.ts';
import { INTERACTION_FIELDS, InteractionFields, interactionBody, type InteractionValues } from './InteractionFields.tsx';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';

const toValues = (i: InteractionShape): InteractionValues => ({ type: i.type, subject: i.subject, body: i.body, occurredAt: dayjs(i.occurredAt) });

/** Corrects a logged call, visit or note (If-Match on its version). */
export function InteractionFormModal({ interaction, onClose }: { interaction: InteractionShape | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<InteractionValues>();
  const [problems, setProblems] = useState<string[]>([]);
  const guard = useStaleGuard('interactions', interaction, interaction !== null, (fresh) => form.setFieldsValue(toValues(fresh)));

  useEffect(() => {
    if (!interaction) return;
    setProblems([]);
    form.resetFields();
    form.setFieldsValue(toValues(interaction));
  }, [interaction, form]);

  const save = useMutation({
    mutationFn: (v: InteractionValues) => api.interactions.update(guard.base!.id, interactionBody(v), guard.base!.version),
    onSuccess: async (saved) => {
      putSaved(client, 'interactions', saved);
      void message.success(t('app.saved'));
      onClose();
      await client.invalidateQueries({ queryKey: ['customers', saved.customerId] });
    },
    onError: (error) => setProblems(writeProblems(form, error, INTERACTION_FIELDS, guard)),
  });

  return (
    <Modal
      open={interaction !== null}
      title={t('records.editInteraction')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      okButtonProps={{ 'data-testid': 'interaction-save' } as ButtonProps}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {guard.alert}
      {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.join(' ')} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)} data-testid="interaction-form">
        <InteractionFields />
      </Form>
    </Modal>
  );
}
