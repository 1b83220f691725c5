import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { navigate } from '../../app/router.tsx';
import { api, type Customer } from '../../lib/api.ts';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES } from '../../lib/domain-values.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { useTags } from './use-lookups.ts';
import { lengthRule } from '../../lib/length-rule.ts';

interface Values {
  kind: Customer['kind'];
  name: string;
  phones?: Array<{ value?: string }>;
  emails?: Array<{ value?: string }>;
  stage: Customer['stage'];
  level?: Customer['level'];
  city?: string;
  tags?: string[];
}

const FIELDS = ['kind', 'name', 'phones', 'emails', 'stage', 'level', 'city', 'tags'];
const filled = (points: Values['phones']) => (points ?? []).filter((p): p is { value: string } => Boolean(p.value?.trim())).map((p) => ({ value: p.value.trim() }));

/** The short form behind "New customer" (and the `n` key); opens the new customer's page. */
export function NewCustomerModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const tags = useTags();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const create = useMutation({
    mutationFn: (v: Values) =>
      api.customers.create({
        kind: v.kind,
        name: v.name.trim(),
        stage: v.stage,
        level: v.level ?? null,
        city: v.city?.trim() || null,
        phones: filled(v.phones),
        emails: filled(v.emails),
        tags: v.tags ?? [],
      }),
    onSuccess: async (customer) => {
      void message.success(t('customers.created_ok'));
      await client.invalidateQueries({ queryKey: ['customers'] });
      form.resetFields();
      onClose();
      navigate(`/customers/${customer.id}`);
    },
    onError: (error) => setProblems(applyFieldErrors(form, error, FIELDS)),
  });

  return (
    <Modal
      open={open}
      title={t('customers.new')}
      okText={t('app.save')}
      cancelText={t('app.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark={false} initialValues={{ kind: 'company', stage: 'lead' }} onFinish={(v) => { setProblems([]); create.mutate(v); }} data-testid="new-customer-form">
        <Form.Item name="kind">
          <Radio.Group optionType="button" options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }, lengthRule(t, 200)]}>
          <Input autoFocus />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name={['phones', 0, 'value']} label={t('customers.phone')}>
              <Input type="tel" maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['emails', 0, 'value']} label={t('customers.email')}>
              <Input type="email" maxLength={254} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="stage" label={t('customers.stage')}>
              <Select options={CUSTOMER_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="level" label={t('customers.level')}>
              <Select allowClear options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: l }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="city" label={t('customers.city')}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="tags" label={t('customers.tags')}>
          <Select mode="tags" options={(tags.data ?? []).map((x) => ({ value: x.name, label: x.name }))} />
        </Form.Item>
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} />}
      </Form>
    </Modal>
  );
}
