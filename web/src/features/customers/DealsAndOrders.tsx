import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api, type DealShape, type OrderShape } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { dealsApi } from '../deals/deals-api.ts';
import { DealFormModal } from '../deals/DealFormModal.tsx';
import { useStageName } from '../deals/stage-names.ts';
import { OrderFormModal } from '../orders/OrderFormModal.tsx';
import { useCanEditCustomer, useConfirmRemove } from './record-actions.tsx';
import { useStages } from './use-lookups.ts';

const DEAL_COLORS: Record<DealShape['status'], string> = { open: 'processing', won: 'success', lost: 'default' };

function RowButtons({ label, onEdit, onDelete }: { label: string; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  return (
    <Space size={0}>
      <Button type="text" size="small" icon={<EditOutlined />} onClick={onEdit} aria-label={`${t('app.edit')} ${label}`} data-testid="edit-record" />
      <Button type="text" size="small" danger icon={<DeleteOutlined />} onClick={onDelete} aria-label={`${t('app.delete')} ${label}`} data-testid="delete-record" />
    </Space>
  );
}

function AddButton({ label, onClick, testId }: { label: string; onClick: () => void; testId: string }) {
  return (
    <div style={{ marginBottom: 8 }}>
      <Button icon={<PlusOutlined />} onClick={onClick} data-testid={testId}>
        {label}
      </Button>
    </div>
  );
}

export function DealsList({ customerId, customerName }: { customerId: number; customerName: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const stages = useStages();
  const stageLabel = useStageName();
  const editable = useCanEditCustomer(customerId);
  const confirmRemove = useConfirmRemove();
  const [editing, setEditing] = useState<DealShape | null | 'new'>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'deals'], queryFn: () => api.customers.deals(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const stageName = (id: number) => stageLabel(stages.data?.find((s) => s.id === id)?.name ?? `#${id}`);
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['customers', customerId] }), client.invalidateQueries({ queryKey: ['deals'] })]);
  const remove = (deal: DealShape) =>
    confirmRemove({ title: t('records.confirmDeleteDeal', { title: deal.title }), remove: () => dealsApi.remove(deal.id, deal.version), restore: () => dealsApi.restore(deal.id), refresh });
  return (
    <>
      {editable && <AddButton label={t('deals.new')} onClick={() => setEditing('new')} testId="add-deal" />}
      {query.data.items.length === 0 ? (
        <EmptyState description={t('customer.noDeals')} />
      ) : (
        <Table<DealShape>
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={query.data.items}
          columns={[
            { key: 'title', title: t('customer.title'), render: (_, d) => <span className="kehu-wrap">{d.title}</span> },
            { key: 'stage', title: t('customer.dealStage'), render: (_, d) => stageName(d.stageId) },
            { key: 'amount', title: t('customer.amount'), align: 'right', render: (_, d) => formatMoney(d.amount, d.currency, i18n.language) },
            { key: 'status', title: t('customer.status'), render: (_, d) => <Tag color={DEAL_COLORS[d.status]}>{t(`dealStatuses.${d.status}`)}</Tag> },
            { key: 'close', title: t('customer.expectedClose'), render: (_, d) => formatDate(d.expectedClose, i18n.language) },
            ...(editable ? [{ key: 'actions', title: '', render: (_: unknown, d: DealShape) => <RowButtons label={d.title} onEdit={() => setEditing(d)} onDelete={() => remove(d)} /> }] : []),
          ]}
        />
      )}
      <DealFormModal open={editing !== null} deal={editing === 'new' ? null : editing} customerId={customerId} customerName={customerName} onClose={() => setEditing(null)} />
    </>
  );
}

export function OrdersList({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const editable = useCanEditCustomer(customerId);
  const confirmRemove = useConfirmRemove();
  const [editing, setEditing] = useState<OrderShape | null | 'new'>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'orders'], queryFn: () => api.customers.orders(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const lang = i18n.language;
  const label = (o: OrderShape) => o.orderNo ?? `#${o.id}`;
  const refresh = () => client.invalidateQueries({ queryKey: ['customers', customerId] });
  const remove = (order: OrderShape) =>
    confirmRemove({ title: t('records.confirmDeleteOrder', { order: label(order) }), remove: () => api.orders.remove(order.id, order.version), restore: () => api.orders.restore(order.id), refresh });
  return (
    <>
      {editable && <AddButton label={t('records.newOrder')} onClick={() => setEditing('new')} testId="add-order" />}
      {query.data.items.length === 0 ? (
        <EmptyState description={t('customer.noOrders')} />
      ) : (
        <>
          <Descriptions size="small" column={1} style={{ marginBottom: 8 }}>
            {query.data.totals.map((total) => (
              <Descriptions.Item key={total.currency} label={`${t('customer.purchases')} (${total.count})`}>
                <strong data-testid="orders-total">{formatMoney(total.total, total.currency, lang)}</strong>
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table<OrderShape>
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={query.data.items}
            data-testid="orders-table"
            columns={[
              { key: 'no', title: t('customer.orderNo'), render: (_, o) => label(o) },
              { key: 'date', title: t('customer.orderedAt'), render: (_, o) => formatDate(o.orderedAt, lang) },
              { key: 'items', title: t('records.items'), render: (_, o) => <span className="kehu-wrap">{o.items.map((i) => `${i.product} × ${i.quantity}`).join(', ')}</span> },
              { key: 'status', title: t('customer.status'), render: (_, o) => t(`orderStatuses.${o.status}`) },
              { key: 'total', title: t('customer.total'), align: 'right', render: (_, o) => <span data-testid="order-total">{formatMoney(o.total, o.currency, lang)}</span> },
              ...(editable ? [{ key: 'actions', title: '', render: (_: unknown, o: OrderShape) => <RowButtons label={label(o)} onEdit={() => setEditing(o)} onDelete={() => remove(o)} /> }] : []),
            ]}
          />
        </>
      )}
      <OrderFormModal open={editing !== null} order={editing === 'new' ? null : editing} customerId={customerId} onClose={() => setEditing(null)} />
    </>
  );
}
