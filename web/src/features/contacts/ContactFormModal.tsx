import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Divider, Form, Input, Modal, Row } from 'antd';
import type { ButtonProps } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { birthdayProblem } from '../../../../src/domain/birthday.ts';
import { CONTACT_CARD_KEYS, type ContactCardField } from '../../../../src/domain/contact.ts';
import { PointList, points, type Point } from '../../components/PointList.tsx';
import { writeProblems } from '../../lib/form-errors.ts';
import { CustomerPicker } from '../deals/CustomerPicker.tsx';
import { contactsApi, type ContactShape } from './contacts-api.ts';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

type CardValues = Record<ContactCardField, string | null>;

interface Values extends CardValues {
  name: string;
  customerId: number | null;
  title: string | null;
  phones: Point[];
  emails: Point[];
  birthday: string | null;
}

const FIELDS = ['name', 'customerId', 'title', 'phones', 'emails', 'birthday', ...CONTACT_CARD_KEYS];
/** The card fields in the form, two to a row; `address` has a row of its own. */
const ROWS: ContactCardField[][] = [['familyName', 'givenName'], ['nickname', 'role'], ['organization', 'department'], ['address'], ['city', 'province'], ['postcode', 'country']];
const MAX_LENGTH: Record<ContactCardField, number> = {
  familyName: 100, givenName: 100, nickname: 100, organization: 200, department: 200, role: 100, website: 500, address: 500, city: 100, province: 100, postcode: 20, country: 100,
};
// One or more web addresses ("; " between them, as a vCard with several URLs is kept): a host with a dot, no spaces.
const WEBSITE = /^(https?:\/\/)?[^\s/.]+(\.[^\s/.]+)+(\/\S*)?$/i;

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
  birthday: c.birthday,
  ...(Object.fromEntries(CONTACT_CARD_KEYS.map((key) => [key, c[key] ?? null])) as CardValues),
});

const text = (value: string | null | undefined) => value?.trim() || null;

/** Creates or edits a contact person: name and its parts, customer, job title, phones, e-mails, birthday (with or without the year), and what an address book holds. */
export function ContactFormModal({ open, onClose, contact, customerId }: ContactFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const guard = useStaleGuard('contacts', contact, open, (fresh) => form.setFieldsValue(toValues(fresh)));

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
        title: text(v.title),
        birthday: text(v.birthday),
        phones: points(v.phones),
        emails: points(v.emails),
        ...Object.fromEntries(CONTACT_CARD_KEYS.map((key) => [key, text(v[key])])),
      };
      return guard.base ? contactsApi.update(guard.base.id, body, guard.base.version) : contactsApi.create(body);
    },
    onSuccess: (saved) => {
      putSaved(client, 'contacts', saved);
      void message.success(contact ? t('app.saved') : t('contacts.created'));
      void client.invalidateQueries({ queryKey: ['contacts'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      onClose();
    },
    onError: (error) => setProblem(writeProblems(form, error, FIELDS, guard)),
  });

  const checkBirthday = async (_: unknown, value: string | null | undefined) => {
    const birthday = value?.trim();
    if (birthday && birthdayProblem(birthday, new Date().toISOString().slice(0, 10)) !== null) throw new Error(t('contacts.birthdayInvalid'));
  };
  const checkWebsite = async (_: unknown, value: string | null | undefined) => {
    const parts = (value ?? '').split(';').map((part) => part.trim()).filter(Boolean);
    if (parts.some((part) => !WEBSITE.test(part))) throw new Error(t('contacts.websiteInvalid'));
  };

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
      {guard.alert}
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate({ ...v, phones: form.getFieldValue('phones'), emails: form.getFieldValue('emails') })} data-testid="contact-form">
        <Form.Item name="name" label={t('contacts.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }, lengthRule(t, 200)]}>
          <Input autoFocus />
        </Form.Item>
        <Form.Item name="customerId" label={t('contacts.customer')} hidden={customerId !== undefined && !contact}>
          <CustomerPicker allowClear initialLabel={contact?.customerName ?? undefined} />
        </Form.Item>
        <Form.Item name="title" label={t('contacts.jobTitle')} rules={[lengthRule(t, 200)]}>
          <Input />
        </Form.Item>
        <PointList name="phones" label={t('contacts.phone')} addLabel={t('customer.addPhone')} />
        <PointList name="emails" label={t('contacts.email')} addLabel={t('customer.addEmail')} />
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="birthday" label={t('contacts.birthday')} extra={t('customers.birthdayHint')} rules={[{ validator: checkBirthday }]}>
              <Input maxLength={10} placeholder="1990-04-15 / --04-15" data-testid="contact-birthday" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="website" label={t('contacts.website')} rules={[{ validator: checkWebsite }]}>
              <Input maxLength={MAX_LENGTH.website} placeholder="https://" data-testid="contact-website" />
            </Form.Item>
          </Col>
        </Row>
        <Divider plain style={{ margin: '4px 0 12px' }}>{t('contacts.card')}</Divider>
        {ROWS.map((row) => (
          <Row gutter={12} key={row.join()}>
            {row.map((field) => (
              <Col xs={24} sm={row.length === 1 ? 24 : 12} key={field}>
                <Form.Item name={field} label={t(`contacts.fields.${field}`)}>
                  <Input maxLength={MAX_LENGTH[field]} data-testid={`contact-${field}`} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        ))}
      </Form>
    </Modal>
  );
}
