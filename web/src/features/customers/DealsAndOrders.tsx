import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Grid, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
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
  const phone = Grid.useBreakpoint().sm === false;
  const [editing, setEditing] = useState<DealShape | null | 'new'>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'deals'], queryFn: () => api.customers.deals(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const stageName = (id: number) => stageLabel(stages.data?.find((s) => s.id === id)?.name ?? `#${id}`);
  const refresh = () => Promise.all([client.invalidateQueries({ queryKey: ['customers', customerId] }), client.invalidateQueries({ queryKey: ['deals'] })]);
  const remove = (deal: DealShape) =>
    confirmRemove({ title: t('records.confirmDeleteDeal', { title: deal.title }), remove: () => dealsApi.remove(deal.id, deal.version), restore: () => dealsApi.restore(deal.id), refresh });
  const status = (d: DealShape) => <Tag color={DEAL_COLORS[d.status]}>{t(`dealStatuses.${d.status}`)}</Tag>;
  // On a phone: the title with its stage (or won / lost) and close date under it, the amount and the buttons, no sideways scrolling.
  const dealColumns: ColumnsType<DealShape> = [
    {
      key: 'title',
      title: t('customer.title'),
      render: (_, d) => (
        <div className="kehu-wrap">
          {d.title}
          {phone && (
            <Space size={4} wrap className="kehu-muted" style={{ fontSize: 12, display: 'flex' }}>
              {d.status === 'open' ? stageName(d.stageId) : status(d)}
              {d.expectedClose && formatDate(d.expectedClose, i18n.language)}
            </Space>
          )}
        </div>
      ),
    },
    { key: 'stage', title: t('customer.dealStage'), render: (_, d) => stageName(d.stageId) },
    { key: 'amount', title: t('customer.amount'), align: 'right', render: (_, d) => <span style={{ whiteSpace: 'nowrap' }}>{formatMoney(d.amount, d.currency, i18n.language)}</span> },
    { key: 'status', title: t('customer.status'), render: (_, d) => status(d) },
    { key: 'close', title: t('customer.expectedClose'), render: (_, d) => formatDate(d.expectedClose, i18n.language) },
    ...(editable ? [{ key: 'actions', title: '', render: (_: unknown, d: DealShape) => <RowButtons label={d.title} onEdit={() => setEditing(d)} onDelete={() => remove(d)} /> }] : []),
  ];
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
          scroll={phone ? undefined : { x: 'max-content' }}
          dataSource={query.data.items}
          data-testid="deals-table"
          columns={phone ? dealColumns.filter((c) => c.key === 'title' || c.key === 'amount' || c.key === 'actions') : dealColumns}
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
  const phone = Grid.useBreakpoint().sm === false;
  const [editing, setEditing] = useState<OrderShape | null | 'new'>(null);
  const query = useQuery({ queryKey: ['customers', customerId, 'orders'], queryFn: () => api.customers.orders(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const lang = i18n.language;
  const label = (o: OrderShape) => o.orderNo ?? `#${o.id}`;
  const refresh = () => client.invalidateQueries({ queryKey: ['customers', customerId] });
  const remove = (order: OrderShape) =>
    confirmRemove({ title: t('records.confirmDeleteOrder', { order: label(order) }), remove: () => api.orders.remove(order.id, order.version), restore: () => api.orders.restore(order.id), refresh });
  // On a phone: the items with number, date and status under them, the total and the buttons, no sideways scrolling.
  const orderColumns: ColumnsType<OrderShape> = [
    { key: 'no', title: t('customer.orderNo'), render: (_, o) => label(o) },
    { key: 'date', title: t('customer.orderedAt'), render: (_, o) => formatDate(o.orderedAt, lang) },
    {
      key: 'items',
      title: t('records.items'),
      render: (_, o) => (
        <div className="kehu-wrap">
          {o.items.map((i) => `${i.product} × ${i.quantity}`).join(', ')}
          {phone && <div className="kehu-muted" style={{ fontSize: 12 }}>{[label(o), formatDate(o.orderedAt, lang), t(`orderStatuses.${o.status}`)].join(' · ')}</div>}
        </div>
      ),
    },
    { key: 'status', title: t('customer.status'), render: (_, o) => t(`orderStatuses.${o.status}`) },
    { key: 'total', title: t('customer.total'), align: 'right', render: (_, o) => <span data-testid="order-total" style={{ whiteSpace: 'nowrap' }}>{formatMoney(o.total, o.currency, lang)}</span> },
    ...(editable ? [{ key: 'actions', title: '', render: (_: unknown, o: OrderShape) => <RowButtons label={label(o)} onEdit={() => setEditing(o)} onDelete={() => remove(o)} /> }] : []),
  ];
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
            scroll={phone ? undefined : { x: 'max-content' }}
            dataSource={query.data.items}
            data-testid="orders-table"
            columns={phone ? orderColumns.filter((c) => c.key === 'items' || c.key === 'total' || c.key === 'actions') : orderColumns}
          />
        </>
      )}
      <OrderFormModal open={editing !== null} order={editing === 'new' ? null : editing} customerId={customerId} onClose={() => setEditing(null)} />
    </>
  );
}
