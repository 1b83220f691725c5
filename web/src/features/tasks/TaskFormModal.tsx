import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { CustomerPicker } from '../deals/CustomerPicker.tsx';
import { tasksApi, type TaskShape } from './tasks-api.ts';

interface Values {
  title: string;
  dueAt: Dayjs | null;
  priority: TaskShape['priority'];
  customerId: number | null;
  notes: string | null;
}

export const PRIORITIES = ['low', 'normal', 'high'] as const satisfies ReadonlyArray<TaskShape['priority']>;
const FIELDS = ['title', 'dueAt', 'priority', 'customerId', 'notes'];

/** A new task for the viewer: what, when, how urgent, about which customer. */
export function TaskFormModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.resetFields();
  }, [open, form]);

  const save = useMutation({
    mutationFn: (values: Values) =>
      tasksApi.create({
        title: values.title,
        dueAt: values.dueAt ? values.dueAt.toISOString() : null,
        priority: values.priority,
        customerId: values.customerId ?? null,
        notes: values.notes || null,
      }),
    onSuccess: () => {
      void message.success(t('tasks.created'));
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: ['reports'] });
      onClose();
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, FIELDS)),
  });

  return (
    <Modal open={open} title={t('tasks.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={save.isPending} destroyOnHidden>
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal', dueAt: null, customerId: null }} onFinish={(values) => save.mutate(values)} data-testid="task-form">
        <Form.Item name="title" label={t('tasks.taskTitle')} rules={[{ required: true, whitespace: true, message: t('tasks.titleRequired') }]}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="dueAt" label={t('tasks.due')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item name="priority" label={t('tasks.priority')}>
          <Select style={{ width: 140 }} options={PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priorities.${p}`) }))} />
        </Form.Item>
        <Form.Item name="customerId" label={t('tasks.customer')}>
          <CustomerPicker allowClear />
        </Form.Item>
        <Form.Item name="notes" label={t('tasks.notes')}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
