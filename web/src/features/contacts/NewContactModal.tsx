import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { CustomerPicker } from '../deals/CustomerPicker.tsx';
import { contactsApi } from './contacts-api.ts';

interface Values {
  name: string;
  customerId: number | null;
  title: string | null;
  phone: string | null;
  email: string | null;
  birthday: Dayjs | null;
}

/** A new contact person, with one phone and one e-mail to start with. */
export function NewContactModal({ open, onClose }: { open: boolean; onClose: () => void }) {
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
    mutationFn: (v: Values) =>
      contactsApi.create({
        name: v.name,
        customerId: v.customerId ?? null,
        title: v.title || null,
        birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
        phones: v.phone ? [{ value: v.phone }] : [],
        emails: v.email ? [{ value: v.email }] : [],
      }),
    onSuccess: () => {
      void message.success(t('contacts.created'));
      void client.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
    },
    onError: (error) => {
      const rest = applyFieldErrors(form, error, ['name', 'customerId', 'title', 'birthday']);
      // the list fields come back as phones[0].value and emails[0].value
      setProblem(rest.map((line) => line.replace(/^phones\[0\]\.value:/, `${t('contacts.phone')}:`).replace(/^emails\[0\]\.value:/, `${t('contacts.email')}:`)));
    },
  });

  return (
    <Modal open={open} title={t('contacts.new')} onCancel={onClose} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={save.isPending} destroyOnHidden>
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="contact-form">
        <Form.Item name="name" label={t('contacts.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }]}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="customerId" label={t('contacts.customer')}>
          <CustomerPicker allowClear />
        </Form.Item>
        <Form.Item name="title" label={t('contacts.jobTitle')}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="phone" label={t('contacts.phone')}>
          <Input inputMode="tel" maxLength={40} />
        </Form.Item>
        <Form.Item name="email" label={t('contacts.email')}>
          <Input type="email" maxLength={254} />
        </Form.Item>
        <Form.Item name="birthday" label={t('contacts.birthday')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
