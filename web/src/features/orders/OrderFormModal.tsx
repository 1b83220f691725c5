import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import type { ButtonProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_MONEY } from '../../../../src/domain/money.ts';
import { MAX_QUANTITY } from '../../../../src/domain/order.ts';
import { api, type OrderShape } from '../../lib/api.ts';
import { ORDER_STATUSES } from '../../lib/domain-values.ts';
import { writeProblems } from '../../lib/form-errors.ts';
import { formatMoney } from '../../lib/format.ts';
import { CURRENCIES, toMajor, toMinor } from '../deals/money.ts';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

interface ItemValues {
  product?: string;
  quantity?: number | null;
  unitPrice?: number | null;
}
interface Values {
  orderedAt: Dayjs;
  orderNo: string | null;
  status: OrderShape['status'];
  currency: string;
  items: ItemValues[];
  notes: string | null;
}

const FIELDS = ['orderedAt', 'orderNo', 'status', 'currency', 'items', 'notes'];

/** Line amounts and the total in minor units, as the server will compute them. */
const priced = (items: ItemValues[] | undefined, currency: string) => {
  const lines = (items ?? []).map((i) => (i?.quantity ?? 0) * toMinor(i?.unitPrice ?? 0, currency));
  return { lines, total: lines.reduce((sum, line) => sum + line, 0) };
};

const toValues = (o: OrderShape): Values => ({
  orderedAt: dayjs(o.orderedAt),
  orderNo: o.orderNo,
  status: o.status,
  currency: o.currency,
  items: o.items.map((i) => ({ product: i.product, quantity: i.quantity, unitPrice: toMajor(i.unitPrice, o.currency) })),
  notes: o.notes,
});

/** Records or corrects an order of one customer: its items (product × quantity × unit price) add up to the total. */
export function OrderFormModal({ open, onClose, order, customerId }: { open: boolean; onClose: () => void; order: OrderShape | null; customerId: number }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problems, setProblems] = useState<string[]>([]);
  const guard = useStaleGuard('orders', order, open, (fresh) => form.setFieldsValue(toValues(fresh)));
  const items = Form.useWatch('items', form);
  const currency = Form.useWatch('currency', form) ?? 'CNY';
  const { lines, total } = priced(items, currency);

  useEffect(() => {
    if (!open) return;
    setProblems([]);
    form.resetFields();
    form.setFieldsValue(order ? toValues(order) : { orderedAt: dayjs(), status: 'completed', currency: 'CNY', items: [{ quantity: 1 }], orderNo: null, notes: null });
  }, [open, order, form]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        orderedAt: v.orderedAt.toISOString(),
        orderNo: v.orderNo?.trim() || null,
        status: v.status,
        currency: v.currency,
        notes: v.notes?.trim() || null,
        items: (v.items ?? []).map((i) => ({ product: (i.product ?? '').trim(), quantity: i.quantity ?? 0, unitPrice: toMinor(i.unitPrice ?? 0, v.currency) })),
      };
      return guard.base ? api.orders.update(guard.base.id, body, guard.base.version) : api.orders.create({ customerId, ...body });
    },
    onSuccess: async (saved) => {
      putSaved(client, 'orders', saved);
      void message.success(order ? t('app.saved') : t('records.orderCreated'));
      onClose();
      await Promise.all([client.invalidateQueries({ queryKey: ['customers', customerId] }), client.invalidateQueries({ queryKey: ['reports'] })]);
    },
    onError: (error) => setProblems(writeProblems(form, error, FIELDS, guard)),
  });

  const lang = i18n.language;
  // The server's limits, said in the currency the person types in (its own words count minor units: 9000000000000000).
  const tooLarge = t('records.amountTooLarge', { max: formatMoney(MAX_MONEY, currency, lang) });
  const lineFits = (index: number) => ({
    validator: (_: unknown, price: number | null | undefined) => ((form.getFieldValue(['items', index, 'quantity']) ?? 1) * toMinor(price ?? 0, currency) <= MAX_MONEY ? Promise.resolve() : Promise.reject(new Error(tooLarge))),
  });
  // Said once: a line too large is already marked at its price.
  const totalFits = {
    validator: (_: unknown, all: ItemValues[] | undefined) => {
      const sum = priced(all, currency);
      return sum.total <= MAX_MONEY || sum.lines.some((line) => line > MAX_MONEY) ? Promise.resolve() : Promise.reject(new Error(tooLarge));
    },
  };
  return (
    <Modal
      open={open}
      width={720}
      title={order ? t('records.editOrder') : t('records.newOrder')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      okButtonProps={{ 'data-testid': 'order-save' } as ButtonProps}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {guard.alert}
      {problems.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problems.join(' ')} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={(v) => save.mutate(v)} data-testid="order-form">
        <Space wrap align="start">
          <Form.Item name="orderedAt" label={t('customer.orderedAt')} rules={[{ required: true }]}>
            <DatePicker allowClear={false} />
          </Form.Item>
          <Form.Item name="orderNo" label={t('customer.orderNo')}>
            <Input maxLength={100} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="status" label={t('customer.status')}>
            <Select style={{ width: 130 }} options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`orderStatuses.${s}`) }))} />
          </Form.Item>
          <Form.Item name="currency" label={t('deals.currency')}>
            <Select style={{ width: 100 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
        </Space>
        <Form.List name="items" rules={[totalFits]}>
          {(fields, { add, remove }, { errors }) => (
            <div data-testid="order-items">
              {fields.map((field, index) => (
                <div key={field.key} className="kehu-order-line" data-testid="order-item">
                  <Form.Item name={[field.name, 'product']} style={{ flex: '3 1 180px', marginBottom: 8 }} rules={[{ required: true, whitespace: true, message: t('records.productRequired') }, lengthRule(t, 200)]}>
                    <Input placeholder={t('records.product')} aria-label={t('records.product')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} style={{ flex: '1 1 80px', marginBottom: 8 }} rules={[{ required: true, message: t('records.quantityRequired') }, { type: 'number', max: MAX_QUANTITY, message: t('records.quantityTooLarge', { max: MAX_QUANTITY.toLocaleString(lang) }) }]}>
                    <InputNumber min={1} precision={0} prefix="×" placeholder={t('records.quantity')} aria-label={t('records.quantity')} style={{ width: '100%' }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unitPrice']} style={{ flex: '1 1 110px', marginBottom: 8 }} dependencies={[['items', field.name, 'quantity'], 'currency']} rules={[{ required: true, message: t('records.priceRequired') }, lineFits(field.name)]}>
                    <InputNumber min={0} prefix={currency} placeholder={t('records.unitPrice')} aria-label={t('records.unitPrice')} style={{ width: '100%' }} />
                  </Form.Item>
                  <span className="kehu-order-amount" data-testid="order-line-amount">{formatMoney(lines[index] ?? 0, currency, lang)}</span>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} disabled={fields.length === 1} aria-label={t('app.delete')} />
                </div>
              ))}
              <Form.Item style={{ marginBottom: 0 }}>
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ quantity: 1 })} block data-testid="add-order-item">
                  {t('records.addItem')}
                </Button>
                <Form.ErrorList errors={errors} />
              </Form.Item>
            </div>
          )}
        </Form.List>
        <div className="kehu-order-total">
          {t('customer.total')}: <strong data-testid="order-form-total">{formatMoney(total, currency, lang)}</strong>
        </div>
        <Form.Item name="notes" label={t('deals.notes')}>
          <Input.TextArea rows={2} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
