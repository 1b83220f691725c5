import { DatePicker, Form, Input, Segmented } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { InteractionShape } from '../../lib/api.ts';
import { INTERACTION_TYPES } from '../../lib/domain-values.ts';
import { lengthRule } from '../../lib/length-rule.ts';

export interface InteractionValues {
  type: InteractionShape['type'];
  subject?: string | null;
  body?: string | null;
  occurredAt: Dayjs;
}

export const INTERACTION_FIELDS = ['type', 'subject', 'body', 'occurredAt'];

/** The write body of an interaction form; blank text becomes null. */
export const interactionBody = (v: InteractionValues) => ({
  type: v.type,
  subject: v.subject?.trim() || null,
  body: v.body?.trim() || null,
  occurredAt: v.occurredAt.toISOString(),
});

/** Type, subject, when and what happened; a subject or details is required (an empty call says nothing). */
export function InteractionFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="type" style={{ marginBottom: 8, overflowX: 'auto' }}>
        <Segmented className="kehu-wrap-segmented" options={INTERACTION_TYPES.map((type) => ({ value: type, label: t(`interactionTypes.${type}`) }))} />
      </Form.Item>
      <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
        <Form.Item name="subject" style={{ flex: '2 1 200px', marginBottom: 8 }} rules={[lengthRule(t, 200)]}>
          <Input placeholder={t('customer.subject')} aria-label={t('customer.subject')} />
        </Form.Item>
        <Form.Item name="occurredAt" style={{ flex: '1 1 160px', marginBottom: 8 }}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" aria-label={t('customer.when')} style={{ width: '100%' }} allowClear={false} />
        </Form.Item>
      </div>
      <Form.Item
        name="body"
        style={{ marginBottom: 8 }}
        dependencies={['subject']}
        rules={[
          ({ getFieldValue }) => ({
            validator: (_, value: string | undefined) =>
              value?.trim() || String(getFieldValue('subject') ?? '').trim() ? Promise.resolve() : Promise.reject(new Error(t('records.emptyInteraction'))),
          }),
        ]}
      >
        <Input.TextArea placeholder={t('customer.details')} aria-label={t('customer.details')} autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
    </>
  );
}
