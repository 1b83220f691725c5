import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PointList, points, type Point } from '../../components/PointList.tsx';
import { writeProblems } from '../../lib/form-errors.ts';
import { CustomerPicker } from '../deals/CustomerPicker.tsx';
import { contactsApi, type ContactShape } from './contacts-api.ts';

interface Values {
  name: string;
  customerId: number | null;
  title: string | null;
  phones: Point[];
  emails: Point[];
  birthday: Dayjs | null;
}

const FIELDS = ['name', 'customerId', 'title', 'phones', 'emails', 'birthday'];

interface ContactFormModalProps {
  open: boolean;
  onClose: () => void;
  /** the contact to edit; a new one otherwise */
  contact?: ContactShape | null;
  /** a new contact of this customer (from the customer page): no customer to pick */
  customerId?: number | undefined;
}

const toValues = (c: ContactShape): Values => ({
  name: c.name,
  customerId: c.customerId,
  title: c.title,
  phones: c.phones.map((p) => ({ value: p.raw, label: p.label })),
  emails: c.emails.map((p) => ({ value: p.value, label: p.label })),
  birthday: c.birthday ? dayjs(c.birthday) : null,
});

/** Creates or edits a contact person: name, customer, job title, phones, e-mails, birthday. */
export function ContactFormModal({ open, onClose, contact, customerId }: ContactFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);

  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.resetFields();
    form.setFieldsValue(contact ? toValues(contact) : { customerId: customerId ?? null, phones: [{ value: '' }], emails: [{ value: '' }] });
  }, [open, contact, customerId, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        name: v.name.trim(),
        customerId: v.customerId ?? null,
        title: v.title?.trim() || null,
        birthday: v.birthday ? v.birthday.format('YYYY-MM-DD') : null,
        phones: points(v.phones),
        emails: points(v.emails),
      };
      return contact ? contactsApi.update(contact.id, body, contact.version) : contactsApi.create(body);
    },
    onSuccess: () => {
      void message.success(contact ? t('app.saved') : t('contacts.created'));
      void client.invalidateQueries({ queryKey: ['contacts'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => setProblem(writeProblems(form, error, FIELDS, t('records.stale'))),
  });

  return (
    <Modal
      open={open}
      title={contact ? t('records.editContact') : t('contacts.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      okButtonProps={{ 'data-testid': 'contact-save' } as ButtonProps}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ ...v, phones: form.getFieldValue('phones'), emails: form.getFieldValue('emails') })} data-testid="contact-form">
        <Form.Item name="name" label={t('contacts.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }]}>
          <Input maxLength={200} autoFocus />
        </Form.Item>
        <Form.Item name="customerId" label={t('contacts.customer')} hidden={customerId !== undefined && !contact}>
          <CustomerPicker allowClear initialLabel={contact?.customerName ?? undefined} />
        </Form.Item>
        <Form.Item name="title" label={t('contacts.jobTitle')}>
          <Input maxLength={100} />
        </Form.Item>
        <PointList name="phones" label={t('contacts.phone')} addLabel={t('customer.addPhone')} />
        <PointList name="emails" label={t('contacts.email')} addLabel={t('customer.addEmail')} />
        <Form.Item name="birthday" label={t('contacts.birthday')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  );
}
