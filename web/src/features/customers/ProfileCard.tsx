import { EditOutlined, MailOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Form, Input, Row, Select, Space, Tag } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, isApiError, type Customer } from '../../lib/api.ts';
import { CUSTOMER_KINDS, CUSTOMER_LEVELS, CUSTOMER_STAGES, valueName } from '../../lib/domain-values.ts';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { PointList, points, type Point } from '../../components/PointList.tsx';
import { PhoneLink } from './PhoneLink.tsx';
import { useTags } from './use-lookups.ts';
import { useCanEditCustomer } from './record-actions.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

interface Values {
  kind: Customer['kind'];
  name: string;
  stage: Customer['stage'];
  level: Customer['level'];
  industry: string | null;
  source: string | null;
  country: string | null;
  province: string | null;
  city: string | null;
  district: string | null;
  postcode: string | null;
  address: string | null;
  website: string | null;
  birthday: string | null;
  notes: string | null;
  phones: Point[];
  emails: Point[];
  tags: string[];
}

const TEXT_FIELDS = ['industry', 'source', 'country', 'province', 'city', 'district', 'postcode', 'address', 'website', 'birthday', 'notes'] as const;
const MAX_LENGTH: Partial<Record<(typeof TEXT_FIELDS)[number], number>> = { website: 500, postcode: 20, birthday: 10 };
const FIELDS = ['kind', 'name', 'stage', 'level', ...TEXT_FIELDS, 'phones', 'emails', 'tags'];

const toValues = (c: Customer): Values => ({
  kind: c.kind,
  name: c.name,
  stage: c.stage,
  level: c.level,
  industry: c.industry,
  source: c.source,
  country: c.country,
  province: c.province,
  city: c.city,
  district: c.district,
  postcode: c.postcode,
  address: c.address,
  website: c.website,
  birthday: c.birthday,
  notes: c.notes,
  phones: c.phones.map((p) => ({ value: p.raw, label: p.label })),
  emails: c.emails.map((p) => ({ value: p.value, label: p.label })),
  tags: c.tags,
});

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value.trim() : null);
/** The profile, viewed or edited in place; field errors from the API show under their fields. */
export function ProfileCard({ customer }: { customer: Customer }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  // Edit needs write access to this customer (own, shared to write, or a manager's or admin's), not only a role that writes.
  const editable = useCanEditCustomer(customer.id);
  const client = useQueryClient();
  const tags = useTags();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [stale, setStale] = useState(false);

  const save = useMutation({
    mutationFn: ({ values, overwrite }: { values: Values; overwrite: boolean }) =>
      api.customers.update(
        customer.id,
        {
          kind: values.kind,
          name: values.name.trim(),
          stage: values.stage,
          level: values.level ?? null,
          ...Object.fromEntries(TEXT_FIELDS.map((f) => [f, blankToNull(values[f])])),
          phones: points(values.phones),
          emails: points(values.emails),
          tags: values.tags ?? [],
        },
        overwrite ? undefined : customer.version,
      ),
    onSuccess: (updated) => {
      client.setQueryData(['customers', 'one', customer.id], updated);
      void client.invalidateQueries({ queryKey: ['customers', 'list'] });
      void client.invalidateQueries({ queryKey: ['customers', customer.id] });
      void client.invalidateQueries({ queryKey: ['tags'] });
      setEditing(false);
      setStale(false);
      void message.success(t('app.saved'));
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 412) {
        setStale(true);
        return;
      }
      setProblems(applyFieldErrors(form, error, FIELDS));
    },
  });

  const start = () => {
    form.setFieldsValue(toValues(customer));
    setProblems([]);
    setStale(false);
    setEditing(true);
  };
  const reload = async () => {
    await client.invalidateQueries({ queryKey: ['customers', 'one', customer.id] });
    setStale(false);
    setEditing(false);
  };

  const lang = i18n.language;
  const address = [valueName('countries', customer.country), customer.province, customer.city, customer.district, customer.address, customer.postcode].filter(Boolean).join(' · ');
  const rows: Array<[string, ReactNode, boolean]> = [
    [
      t('customers.phone'),
      <Space orientation="vertical" size={0}>
        {customer.phones.map((p) => (
          <span key={p.value}>
            <PhoneLink phone={p} /> {p.label && <span className="kehu-muted">({valueName('pointLabels', p.label)})</span>}
          </span>
        ))}
      </Space>,
      customer.phones.length > 0,
    ],
    [
      t('customers.email'),
      <Space orientation="vertical" size={0}>
        {customer.emails.map((p) => (
          <a key={p.value} href={`mailto:${p.value}`} className="kehu-wrap">
            <MailOutlined /> {p.value}
          </a>
        ))}
      </Space>,
      customer.emails.length > 0,
    ],
    [t('customers.industry'), valueName('industries', customer.industry), Boolean(customer.industry)],
    [t('customers.source'), valueName('sources', customer.source), Boolean(customer.source)],
    [t('customers.address'), <span className="kehu-wrap">{address}</span>, Boolean(address)],
    [
      t('customers.website'),
      <a href={/^https?:\/\//.test(customer.website ?? '') ? (customer.website ?? '') : `https://${customer.website}`} target="_blank" rel="noreferrer noopener" className="kehu-wrap">
        {customer.website}
      </a>,
      Boolean(customer.website),
    ],
    [t('customers.birthday'), customer.birthday?.startsWith('--') ? t('customers.birthdayNoYear', { date: customer.birthday.slice(2) }) : customer.birthday, Boolean(customer.birthday)],
    [
      t('customers.tags'),
      <Space size={4} wrap>
        {customer.tags.map((tag) => (
          <Tag key={tag}>{tag}</Tag>
        ))}
      </Space>,
      customer.tags.length > 0,
    ],
    [t('customers.notes'), <span className="kehu-wrap" style={{ whiteSpace: 'pre-wrap' }}>{customer.notes}</span>, Boolean(customer.notes)],
    [t('customers.updatedAt'), <span className="kehu-muted">{formatDateTime(customer.updatedAt, lang)}</span>, true],
  ];
  const view = (
    <Descriptions
      column={1}
      size="small"
      styles={{ label: { width: 96 } }}
      items={rows.filter(([, , shown]) => shown).map(([label, children]) => ({ key: label, label, children }))}
    />
  );

  const edit = (
    <Form form={form} layout="vertical" requiredMark={false} onFinish={(values) => { setProblems([]); save.mutate({ values, overwrite: false }); }} data-testid="profile-form">
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item name="name" label={t('customers.name')} rules={[{ required: true, whitespace: true, message: t('customers.nameRequired') }, lengthRule(t, 200)]}>
            <Input />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="kind" label={t('customers.kind')}>
            <Select options={CUSTOMER_KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="stage" label={t('customers.stage')}>
            <Select options={CUSTOMER_STAGES.map((s) => ({ value: s, label: t(`stages.${s}`) }))} />
          </Form.Item>
        </Col>
        <Col xs={12}>
          <Form.Item name="level" label={t('customers.level')}>
            <Select allowClear options={CUSTOMER_LEVELS.map((l) => ({ value: l, label: l }))} />
          </Form.Item>
        </Col>
      </Row>
      <PointList name="phones" label={t('customers.phone')} addLabel={t('customer.addPhone')} />
      <PointList name="emails" label={t('customers.email')} addLabel={t('customer.addEmail')} />
      <Row gutter={12}>
        {TEXT_FIELDS.filter((f) => f !== 'notes' && f !== 'address').map((f) => (
          <Col xs={12} key={f}>
            <Form.Item name={f} label={t(`customers.${f}`)} {...(f === 'birthday' ? { extra: t('customers.birthdayHint') } : {})}>
              <Input maxLength={MAX_LENGTH[f] ?? 100} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.Item name="address" label={t('customers.address')}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="tags" label={t('customers.tags')}>
        <Select mode="tags" options={(tags.data ?? []).map((x) => ({ value: x.name, label: x.name }))} />
      </Form.Item>
      <Form.Item name="notes" label={t('customers.notes')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      {stale && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('customer.stale')}
          description={t('customer.staleHint')}
          style={{ marginBottom: 12 }}
          action={
            <Space orientation="vertical">
              <Button size="small" onClick={() => void reload()}>{t('app.reload')}</Button>
              <Button size="small" danger onClick={() => save.mutate({ values: form.getFieldsValue(true) as Values, overwrite: true })}>{t('customer.overwrite')}</Button>
            </Space>
          }
        />
      )}
      {problems.length > 0 && <Alert type="error" showIcon title={problems.join('; ')} style={{ marginBottom: 12 }} />}
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>{t('app.save')}</Button>
        <Button onClick={() => setEditing(false)}>{t('app.cancel')}</Button>
      </Space>
    </Form>
  );

  return (
    <Card
      title={t('customer.profile')}
      size="small"
      extra={!editing && editable && <Button type="link" icon={<EditOutlined />} onClick={start} data-testid="edit-profile">{t('app.edit')}</Button>}
    >
      {editing ? edit : view}
    </Card>
  );
}
