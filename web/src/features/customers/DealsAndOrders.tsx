import { useQuery } from '@tanstack/react-query';
import { Descriptions, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { api, type DealShape, type OrderShape } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useStages } from './use-lookups.ts';

const DEAL_COLORS: Record<DealShape['status'], string> = { open: 'processing', won: 'success', lost: 'default' };

export function DealsList({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation();
  const stages = useStages();
  const query = useQuery({ queryKey: ['customers', customerId, 'deals'], queryFn: () => api.customers.deals(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState description={t('customer.noDeals')} />;
  const stageName = (id: number) => stages.data?.find((s) => s.id === id)?.name ?? `#${id}`;
  return (
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
      ]}
    />
  );
}

export function OrdersList({ customerId }: { customerId: number }) {
  const { t, i18n } = useTranslation();
  const query = useQuery({ queryKey: ['customers', customerId, 'orders'], queryFn: () => api.customers.orders(customerId) });
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (query.data.items.length === 0) return <EmptyState description={t('customer.noOrders')} />;
  const lang = i18n.language;
  return (
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
        columns={[
          { key: 'no', title: t('customer.orderNo'), render: (_, o) => o.orderNo ?? `#${o.id}` },
          { key: 'date', title: t('customer.orderedAt'), render: (_, o) => formatDate(o.orderedAt, lang) },
          { key: 'items', title: t('customer.details'), render: (_, o) => <span className="kehu-wrap">{o.items.map((i) => `${i.product} × ${i.quantity}`).join(', ')}</span> },
          { key: 'status', title: t('customer.status'), render: (_, o) => t(`orderStatuses.${o.status}`) },
          { key: 'total', title: t('customer.total'), align: 'right', render: (_, o) => formatMoney(o.total, o.currency, lang) },
        ]}
      />
    </>
  );
}
