import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import type { PipelineStageShape } from '../../lib/api.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { useWritable } from '../../lib/use-writable.ts';
import { useOwnerName, useUsers } from '../customers/use-lookups.ts';
import { DEAL_STATUSES, dealsApi, type DealFilter, type DealShape } from './deals-api.ts';
import { useStageName } from './stage-names.ts';
import { useCustomerNames } from './use-customer-names.ts';

const STATUS_COLORS: Record<DealShape['status'], string> = { open: 'processing', won: 'success', lost: 'default' };
const SORTS = ['-createdAt', 'createdAt', '-amount', 'amount', 'expectedClose'] as const;

/** Every deal the viewer may see, filtered by stage, status and owner, a page at a time. */
export function DealList({ stages, onEdit }: { stages: PipelineStageShape[]; onEdit: (deal: DealShape) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [filter, setFilter] = useState<DealFilter>({ sort: '-createdAt' });
  const { users } = useUsers();
  const ownerName = useOwnerName();
  const deals = useInfiniteQuery({
    queryKey: ['deals', 'list', filter],
    queryFn: ({ pageParam }) => dealsApi.list({ ...filter, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = deals.data?.pages.flatMap((p) => p.items) ?? [];
  // Only a deal the viewer may change opens for editing; one shared read-only shows as text.
  const writable = useWritable('deals', deals.data?.pages.map((p) => p.items.map((d) => d.id)) ?? [], dealsApi.access);
  const name = useCustomerNames(items.map((d) => d.customerId));
  const stageLabel = useStageName();
  const stageName = new Map(stages.map((s) => [s.id, stageLabel(s.name)]));
  const set = (patch: Partial<DealFilter>) => setFilter((f) => ({ ...f, ...patch }));

  return (
    <>
      <div className="kehu-filters">
        <Select allowClear placeholder={t('deals.stage')} value={filter.stageId} onChange={(stageId) => set({ stageId })} options={stages.map((s) => ({ value: s.id, label: stageLabel(s.name) }))} />
        <Select allowClear placeholder={t('deals.status')} value={filter.status} onChange={(status) => set({ status })} options={DEAL_STATUSES.map((s) => ({ value: s, label: t(`dealStatuses.${s}`) }))} />
        <Select allowClear placeholder={t('customers.owner')} value={filter.owner} onChange={(owner) => set({ owner })} options={users.map((u) => ({ value: u.id, label: u.name }))} />
        <Select value={filter.sort} onChange={(sort) => set({ sort })} options={SORTS.map((s) => ({ value: s, label: t(`deals.sorts.${s}`) }))} aria-label={t('customers.sort')} />
      </div>
      <Table<DealShape>
        rowKey="id"
        size="small"
        loading={deals.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: deals.isError ? deals.error.message : t('deals.noDeals') }}
        data-testid="deal-list"
        onRow={(deal) => ({ onDoubleClick: () => writable.has(deal.id) && onEdit(deal) })}
        columns={[
          {
            key: 'title',
            title: t('deals.dealTitle'),
            width: 220,
            render: (_, d) =>
              !writable.has(d.id) ? (
                <span className="kehu-wrap">{d.title}</span>
              ) : (
                <Button type="link" size="small" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} onClick={() => onEdit(d)}>
                  {d.title}
                </Button>
              ),
          },
          { key: 'customer', title: t('deals.customer'), width: 200, ellipsis: true, render: (_, d) => <Link to={`/customers/${d.customerId}`}>{name(d.customerId) ?? `#${d.customerId}`}</Link> },
          { key: 'stage', title: t('deals.stage'), width: 120, render: (_, d) => stageName.get(d.stageId) ?? `#${d.stageId}` },
          { key: 'amount', title: t('deals.amount'), width: 140, align: 'right', render: (_, d) => formatMoney(d.amount, d.currency, lang) },
          { key: 'status', title: t('deals.status'), width: 90, render: (_, d) => <Tag color={STATUS_COLORS[d.status]}>{t(`dealStatuses.${d.status}`)}</Tag> },
          { key: 'expectedClose', title: t('deals.expectedClose'), width: 130, render: (_, d) => formatDate(d.expectedClose, lang) },
          { key: 'owner', title: t('customers.owner'), width: 120, ellipsis: true, render: (_, d) => ownerName(d.ownerId) },
        ]}
      />
      {deals.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void deals.fetchNextPage()} loading={deals.isFetchingNextPage}>
            {t('app.loadMore')}
          </Button>
        </div>
      )}
    </>
  );
}
