import { ScanOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, List, Progress, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { reasonsIn } from '../../../../src/domain/duplicate-reasons.ts';
import { displayPhone } from '../../../../src/domain/phone-display.ts';
import { currentLanguage } from '../../app/i18n/index.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useWorkspaceRegion } from '../customers/PhoneLink.tsx';
import { duplicatesApi, type DuplicatePairShape, type Entity, type MergeShape } from './duplicates-api.ts';
import { MergeModal, useUndoMerge } from './MergeModal.tsx';

const VIEWS = ['open', 'dismissed', 'merged'] as const;
type View = (typeof VIEWS)[number];

function Summary({ record, entity }: { record: DuplicatePairShape['a']; entity: Entity }) {
  const region = useWorkspaceRegion();
  const href = entity === 'customers' ? `/customers/${record.id}` : record.customerId ? `/customers/${record.customerId}` : null;
  return (
    <div style={{ flex: '1 1 220px', minWidth: 0 }}>
      <div className="kehu-wrap">
        {href ? <Link to={href}>{record.name}</Link> : <strong>{record.name}</strong>} <span className="kehu-muted">#{record.id}</span>
      </div>
      <div className="kehu-timeline-meta kehu-wrap">{[record.city, ...record.phones.map((phone) => displayPhone(phone, region)), ...record.emails].filter(Boolean).join(' · ')}</div>
    </div>
  );
}

function Pairs({ entity, status }: { entity: Entity; status: 'open' | 'dismissed' }) {
  const { t } = useTranslation();
  const user = useUser();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [reviewing, setReviewing] = useState<DuplicatePairShape | null>(null);
  const pairs = useInfiniteQuery({
    queryKey: ['duplicates', entity, status],
    queryFn: ({ pageParam }) => duplicatesApi.list({ entity, status, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const decide = useMutation({
    mutationFn: (pair: DuplicatePairShape) => (status === 'open' ? duplicatesApi.dismiss(pair.id) : duplicatesApi.reopen(pair.id)),
    onSuccess: () => {
      void message.success(status === 'open' ? t('duplicates.dismissed') : t('duplicates.reopened'));
      void client.invalidateQueries({ queryKey: ['duplicates'] });
    },
    onError: (error) => void message.error(error.message),
  });
  const items = pairs.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <List
        loading={pairs.isPending}
        dataSource={items}
        data-testid="duplicate-pairs"
        locale={{ emptyText: pairs.isError ? pairs.error.message : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={status === 'open' ? t('duplicates.noneOpen') : t('duplicates.noneDismissed')} /> }}
        renderItem={(pair) => (
          <List.Item data-testid="duplicate-pair">
            <div style={{ width: '100%' }}>
              <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap', alignItems: 'center' }}>
                <Progress type="circle" size={44} percent={Math.round(pair.score * 100)} aria-label={t('duplicates.score')} />
                <Summary record={pair.a} entity={pair.entity} />
                <Summary record={pair.b} entity={pair.entity} />
                {canWrite(user) && (
                  <Space wrap>
                    {status === 'open' && (
                      <Button type="primary" onClick={() => setReviewing(pair)} data-testid="review-merge">
                        {t('duplicates.review')}
                      </Button>
                    )}
                    <Button onClick={() => decide.mutate(pair)} loading={decide.isPending && decide.variables?.id === pair.id}>
                      {status === 'open' ? t('duplicates.notDuplicate') : t('duplicates.reopen')}
                    </Button>
                  </Space>
                )}
              </div>
              <div style={{ marginTop: 6, display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                {reasonsIn(pair, currentLanguage()).map((reason) => (
                  <Tag key={reason} data-testid="duplicate-pair-reason" className="kehu-wrap" style={{ whiteSpace: 'normal' }}>
                    {reason}
                  </Tag>
                ))}
              </div>
            </div>
          </List.Item>
        )}
      />
      {pairs.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void pairs.fetchNextPage()} loading={pairs.isFetchingNextPage}>{t('app.loadMore')}</Button>
        </div>
      )}
      <MergeModal pair={reviewing} onClose={() => setReviewing(null)} />
    </>
  );
}

function Merges({ entity }: { entity: Entity }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const undo = useUndoMerge();
  const merges = useInfiniteQuery({
    queryKey: ['duplicates', 'merges', entity],
    queryFn: ({ pageParam }) => duplicatesApi.merges(entity, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = merges.data?.pages.flatMap((p) => p.items) ?? [];
  const link = (id: number) => (entity === 'customers' ? <Link to={`/customers/${id}`}>#{id}</Link> : <span>#{id}</span>);
  return (
    <List<MergeShape>
      loading={merges.isPending}
      dataSource={items}
      data-testid="merges"
      locale={{ emptyText: merges.isError ? merges.error.message : t('duplicates.noMerges') }}
      renderItem={(merge) => (
        <List.Item
          actions={
            merge.undoneAt === null && canWrite(user)
              ? [<Button key="undo" size="small" onClick={() => undo.mutate({ id: merge.id })} loading={undo.isPending && undo.variables?.id === merge.id}>{t('duplicates.undo')}</Button>]
              : []
          }
        >
          <Typography.Text delete={merge.undoneAt !== null}>
            {t('duplicates.mergedInto', { merged: `#${merge.mergedId}`, survivor: '' })}
            {link(merge.survivorId)}
          </Typography.Text>
          <span className="kehu-timeline-meta" style={{ marginInlineStart: 12 }}>
            {formatDateTime(merge.createdAt, i18n.language)}
            {merge.undoneAt && ` · ${t('duplicates.undoneAt', { when: formatDateTime(merge.undoneAt, i18n.language) })}`}
          </span>
        </List.Item>
      )}
    />
  );
}

/** Likely duplicates with their score and reasons: merge them field by field, or say they are not. */
export default function DuplicatesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const client = useQueryClient();
  const { search } = useLocation();
  const entity: Entity = search.get('entity') === 'contacts' ? 'contacts' : 'customers';
  const asked = search.get('view') as View | null;
  const view: View = asked && VIEWS.includes(asked) ? asked : 'open';
  const go = (next: { entity?: Entity; view?: View }) => {
    const params = new URLSearchParams({ entity: next.entity ?? entity, view: next.view ?? view });
    navigate(`/duplicates?${params.toString()}`);
  };
  const scan = useMutation({
    mutationFn: () => duplicatesApi.scan(entity),
    onSuccess: (result) => {
      void message.success(t('duplicates.scanned', { pairs: result.pairs, records: result.records }));
      void client.invalidateQueries({ queryKey: ['duplicates'] });
    },
    onError: (error) => void message.error(error.message),
  });
  const canScan = user.role === 'admin' || user.role === 'manager';

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('duplicates.title')}</h1>
        <Segmented value={entity} onChange={(next) => go({ entity: next as Entity })} options={[{ value: 'customers', label: t('nav.customers') }, { value: 'contacts', label: t('contacts.title') }]} />
        <span style={{ flex: 1 }} />
        {canScan && (
          <Button icon={<ScanOutlined />} onClick={() => scan.mutate()} loading={scan.isPending}>
            {t('duplicates.scan')}
          </Button>
        )}
      </div>
      <Card size="small">
        <Segmented value={view} onChange={(next) => go({ view: next as View })} options={VIEWS.map((v) => ({ value: v, label: t(`duplicates.views.${v}`) }))} style={{ marginBottom: 8 }} />
        {view === 'merged' ? <Merges key={entity} entity={entity} /> : <Pairs key={`${entity}-${view}`} entity={entity} status={view} />}
      </Card>
    </div>
  );
}
