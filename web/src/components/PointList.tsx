import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

export type Point = { value: string; label?: string | null };

/** The filled phones or e-mails of a form, as the API takes them. */
export const points = (list: Point[] | undefined) =>
  (list ?? []).filter((p) => p?.value?.trim()).map((p) => ({ value: p.value.trim(), ...(p.label?.trim() ? { label: p.label.trim() } : {}) }));

/** Editable phones or e-mails with a label each; the API's errors (phones[1].value) land on their row. */
export function PointList({ name, label, addLabel }: { name: 'phones' | 'emails'; label: string; addLabel: string }) {
  const { t } = useTranslation();
  // What a label might say: an e-mail is work or personal, not mobile.
  const hint = name === 'phones' ? t('records.pointLabel') : t('records.emailLabel');
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Form.Item label={label} style={{ marginBottom: 8 }}>
          {fields.map((field) => (
            <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
              <Form.Item name={[field.name, 'value']} style={{ flex: 2, minWidth: 0, marginBottom: 8 }}>
                <Input type={name === 'phones' ? 'tel' : 'email'} aria-label={label} />
              </Form.Item>
              <Form.Item name={[field.name, 'label']} style={{ flex: 1, minWidth: 0, marginBottom: 8 }}>
                <Input placeholder={hint} maxLength={40} aria-label={hint} data-testid={`${name}-label`} />
              </Form.Item>
              <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} aria-label={t('app.delete')} />
            </div>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ value: '' })} block>
            {addLabel}
          </Button>
        </Form.Item>
      )}
    </Form.List>
  );
}
