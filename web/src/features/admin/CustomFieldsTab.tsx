import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyFieldErrors } from '../../lib/form-errors.ts';
import { adminApi, type CustomFieldShape } from './admin-api.ts';
import { useAdminMutation } from './use-admin-mutation.ts';

const FIELDS = ['admin', 'custom-fields'] as const;
const ENTITIES = ['customer', 'contact', 'deal', 'order'] as const satisfies ReadonlyArray<CustomFieldShape['entity']>;
const TYPES = ['text', 'number', 'date', 'select', 'multiselect', 'boolean'] as const satisfies ReadonlyArray<CustomFieldShape['type']>;

interface Values {
  entity: CustomFieldShape['entity'];
  key: string;
  label: string;
  type: CustomFieldShape['type'];
  options?: string[];
  required?: boolean;
  unique?: boolean;
  sensitive?: boolean;
  position?: number;
}

/** Extra fields on customers, contacts, deals and orders: their forms and imports follow these. */
export function CustomFieldsTab() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const fields = useQuery({ queryKey: FIELDS, queryFn: adminApi.customFields.list });
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<string[]>([]);
  const [form] = Form.useForm<Values>();
  const type = Form.useWatch('type', form);
  const add = useMutation({
    mutationFn: (v: Values) => adminApi.customFields.add({ ...v, options: v.type === 'select' || v.type === 'multiselect' ? (v.options ?? []) : undefined }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: FIELDS });
      setAdding(false);
    },
    onError: (error) => setProblem(applyFieldErrors(form, error, ['entity', 'key', 'label', 'type', 'options', 'required', 'unique', 'sensitive', 'position'])),
  });
  const update = useAdminMutation(({ field, patch }: { field: CustomFieldShape; patch: { required?: boolean; label?: string } }) => adminApi.customFields.update(field.id, patch, field.version), FIELDS);
  const remove = useAdminMutation((field: CustomFieldShape) => adminApi.customFields.remove(field.id, field.version), FIELDS, t('admin.deleted'));

  return (
    <>
      <div className="kehu-toolbar">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            setProblem([]);
            setAdding(true);
          }}
        >
          {t('admin.addField')}
        </Button>
      </div>
      <Table<CustomFieldShape>
        rowKey="id"
        size="small"
        loading={fields.isPending}
        dataSource={fields.data?.items ?? []}
        pagination={false}
        scroll={{ x: 800 }}
        data-testid="admin-fields"
        locale={{ emptyText: t('admin.noFields') }}
        columns={[
          { key: 'entity', title: t('admin.entity'), width: 100, render: (_, f) => t(`admin.entities.${f.entity}`) },
          { key: 'label', title: t('admin.label'), render: (_, f) => <span className="kehu-wrap">{f.label}</span> },
          { key: 'key', title: t('admin.key'), render: (_, f) => <code>{f.key}</code> },
          { key: 'type', title: t('admin.type'), width: 110, render: (_, f) => t(`admin.types.${f.type}`) },
          { key: 'options', title: t('admin.options'), render: (_, f) => (f.options ?? []).slice(0, 5).map((o) => <Tag key={o}>{o}</Tag>) },
          { key: 'required', title: t('admin.required'), width: 80, render: (_, f) => <Checkbox checked={f.required} onChange={(e) => update.mutate({ field: f, patch: { required: e.target.checked } })} /> },
          { key: 'flags', title: '', width: 140, render: (_, f) => <>{f.unique && <Tag>{t('admin.unique')}</Tag>}{f.sensitive && <Tag color="gold">{t('admin.sensitive')}</Tag>}</> },
          {
            key: 'actions',
            width: 90,
            render: (_, f) => (
              <Popconfirm title={t('admin.confirmRetireField', { label: f.label })} onConfirm={() => remove.mutate(f)} okText={t('app.delete')} cancelText={t('app.cancel')}>
                <Button size="small" danger>{t('app.delete')}</Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      <Modal open={adding} title={t('admin.addField')} onCancel={() => setAdding(false)} onOk={() => form.submit()} okText={t('app.save')} confirmLoading={add.isPending} destroyOnHidden>
        {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
        <Form form={form} layout="vertical" initialValues={{ entity: 'customer', type: 'text' }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="entity" label={t('admin.entity')}>
            <Select options={ENTITIES.map((e) => ({ value: e, label: t(`admin.entities.${e}`) }))} />
          </Form.Item>
          <Form.Item name="label" label={t('admin.label')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="key" label={t('admin.key')} extra={t('admin.keyHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('admin.keyHint') }]}>
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item name="type" label={t('admin.type')}>
            <Select options={TYPES.map((ty) => ({ value: ty, label: t(`admin.types.${ty}`) }))} />
          </Form.Item>
          {(type === 'select' || type === 'multiselect') && (
            <Form.Item name="options" label={t('admin.options')} rules={[{ required: true, type: 'array', min: 1 }]}>
              <Select mode="tags" tokenSeparators={[',', '，']} />
            </Form.Item>
          )}
          <Form.Item name="position" label={t('admin.position')}>
            <InputNumber min={0} max={10_000} />
          </Form.Item>
          <Form.Item name="required" valuePropName="checked" noStyle>
            <Checkbox>{t('admin.required')}</Checkbox>
          </Form.Item>
          <Form.Item name="unique" valuePropName="checked" noStyle>
            <Checkbox>{t('admin.unique')}</Checkbox>
          </Form.Item>
          {type === 'text' && (
            <Form.Item name="sensitive" valuePropName="checked" noStyle>
              <Checkbox>{t('admin.sensitive')}</Checkbox>
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
