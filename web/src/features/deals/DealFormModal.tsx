import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStages } from '../customers/use-lookups.ts';
import { writeProblems } from '../../lib/form-errors.ts';
import { CustomerPicker } from './CustomerPicker.tsx';
import { useStageName } from './stage-names.ts';
import { DEAL_STATUSES, dealsApi, type DealShape } from './deals-api.ts';
import { CURRENCIES, toMajor, toMinor } from './money.ts';
import { putSaved } from '../../lib/cached-records.ts';
import { useStaleGuard } from '../../lib/use-stale-guard.tsx';
import { lengthRule } from '../../lib/length-rule.ts';

interface Values {
  customerId: number;
  title: string;
  stageId: number;
  amount: number | null;
  currency: string;
  expectedClose: Dayjs | null;
  status: DealShape['status'];
  notes: string | null;
}

const FIELDS = ['customerId', 'title', 'stageId', 'amount', 'currency', 'expectedClose', 'status', 'notes'];

const toValues = (deal: DealShape) => ({ ...deal, amount: toMajor(deal.amount, deal.currency), expectedClose: deal.expectedClose ? dayjs(deal.expectedClose) : null });

interface DealFormModalProps {
  open: boolean;
  onClose: () => void;
  /** the deal to edit; a new one otherwise */
  deal?: DealShape | null;
  customerName?: string | undefined;
  defaultStageId?: number | undefined;
  /** a new deal of this customer (from the customer page) */
  customerId?: number | undefined;
}

/** Creates or edits a deal; amounts are typed in whole units and sent in minor units. */
export function DealFormModal({ open, onClose, deal, customerName, defaultStageId, customerId }: DealFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const stages = useStages();
  const stageLabel = useStageName();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const guard = useStaleGuard('deals', deal, open, (fresh) => form.setFieldsValue(toValues(fresh)));

  useEffect(() => {
    if (!open) return;
    setProblem([]);
    form.resetFields();
    form.setFieldsValue(
      deal
        ? toValues(deal)
        : { currency: 'CNY', status: 'open', stageId: defaultStageId ?? stages.data?.[0]?.id, amount: null, expectedClose: null, ...(customerId === undefined ? {} : { customerId }) },
    );
  }, [open, deal, defaultStageId, customerId, stages.data, form]);

  const save = useMutation({
    mutationFn: (values: Values) => {
      const body = {
        customerId: values.customerId,
        title: values.title,
        stageId: values.stageId,
        amount: toMinor(values.amount ?? 0, values.currency),
        currency: values.currency,
        expectedClose: values.expectedClose ? values.expectedClose.format('YYYY-MM-DD') : null,
        status: values.status,
        notes: values.notes || null,
      };
      return guard.base ? dealsApi.update(guard.base.id, body, guard.base.version) : dealsApi.create(body);
    },
    onSuccess: (saved) => {
      putSaved(client, 'deals', saved);
      void message.success(deal ? t('app.saved') : t('deals.created'));
      void client.invalidateQueries({ queryKey: ['deals'] });
      void client.invalidateQueries({ queryKey: ['customers', saved.customerId] });
      void client.invalidateQueries({ queryKey: ['reports'] });
      onClose();
    },
    onError: (error) => {
      setProblem(writeProblems(form, error, FIELDS, guard));
    },
  });

  return (
    <Modal
      open={open}
      title={deal ? t('deals.edit') : t('deals.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('app.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      {guard.alert}
      {problem.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={problem.join(' ')} />}
      <Form form={form} layout="vertical" onFinish={(values) => save.mutate(values)} data-testid="deal-form">
        <Form.Item name="customerId" label={t('deals.customer')} rules={[{ required: true, message: t('deals.pickCustomer') }]}>
          <CustomerPicker initialLabel={customerName} />
        </Form.Item>
        <Form.Item name="title" label={t('deals.dealTitle')} rules={[{ required: true, whitespace: true, message: t('deals.titleRequired') }, lengthRule(t, 200)]}>
          <Input />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="stageId" label={t('deals.stage')} rules={[{ required: true }]}>
            <Select style={{ minWidth: 160 }} options={(stages.data ?? []).map((s) => ({ value: s.id, label: stageLabel(s.name) }))} />
          </Form.Item>
          <Form.Item name="status" label={t('deals.status')}>
            <Select style={{ minWidth: 110 }} options={DEAL_STATUSES.map((s) => ({ value: s, label: t(`dealStatuses.${s}`) }))} />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="amount" label={t('deals.amount')}>
            <InputNumber min={0} style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="currency" label={t('deals.currency')}>
            <Select style={{ width: 100 }} options={CURRENCIES.map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item name="expectedClose" label={t('deals.expectedClose')}>
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="notes" label={t('deals.notes')}>
          <Input.TextArea rows={3} maxLength={20_000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
