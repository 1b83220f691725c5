import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { writeProblems } from '../../lib/form-errors.ts';
import { CustomerPicker } from '../deals/CustomerPicker.tsx';
import { tasksApi, type TaskShape } from './tasks-api.ts';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

interface Values {
  title: string;
  dueAt: Dayjs | null;
  priority: TaskShape['priority'];
  customerId: number | null;
  notes: string | null;
}

export const PRIORITIES = ['low', 'normal', 'high'] as const satisfies ReadonlyArray<TaskShape['priority']>;
const FIELDS = ['title', 'dueAt', 'priority', 'customerId', 'notes'];

const toValues = (task: TaskShape): Values => ({ title: task.title, dueAt: task.dueAt ? dayjs(task.dueAt) : null, priority: task.priority, customerId: task.customerId, notes: task.notes });

interface TaskFormModalProps {
  open: boolean;
  onClose: () => void;
  /** told the saved task before the form closes */
  onSaved?: (task: TaskShape) => void;
  /** the task to edit; a new one for the viewer otherwise */
  task?: TaskShape | null;
  /** a new task about this customer (from the customer page) */
  customerId?: number | undefined;
}

/** A task: what, when, how urgent, about which customer; new or edited (If-Match on its version). */
export function TaskFormModal({ open, onClose, onSaved, task, customerId }: TaskFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const guard = useStaleGuard('tasks', task, open, (fresh) => form.setFieldsValue(toValues(fresh)));

  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.resetFields();
    if (task) form.setFieldsValue(toValues(task));
    else if (customerId !== undefined) form.setFieldsValue({ customerId });
  }, [open, task, customerId, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        title: values.title,
        dueAt: values.dueAt ? values.dueAt.toISOString() : null,
        priority: values.priority,
        customerId: values.customerId ?? null,
        notes: values.notes || null,
      };
      return guard.base ? tasksApi.update(guard.base.id, body, guard.base.version) : tasksApi.create(body);
    },
    onSuccess: (saved) => {
      putSaved(client, 'tasks', saved);
      void message.success(task ? t('app.saved') : t('tasks.created'));
      void client.invalidateQueries({ queryKey: ['tasks'] });
      void client.invalidateQueries({ queryKey: ['reports'] });
      if (saved.customerId !== null) void client.invalidateQueries({ queryKey: ['customers', saved.customerId] });
      if (task?.customerId != null) void client.invalidateQueries({ queryKey: ['customers', task.customerId] });
      onSaved?.(saved);
      onClose();
    },
    onError: (error) => setProblem(writeProblems(form, error, FIELDS, guard)),
  });

  return (
    <Modal open={open} title={task ? t('records.editTask') : t('tasks.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={save.isPending} destroyOnHidden>
      {guard.alert}
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" initialValues={{ priority: 'normal', dueAt: null, customerId: null }} onFinish={(values) => save.mutate(values)} data-testid="task-form">
        <Form.Item name="title" label={t('tasks.taskTitle')} rules={[{ required: true, whitespace: true, message: t('tasks.titleRequired') }, lengthRule(t, 200)]}>
          <Input autoFocus />
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
