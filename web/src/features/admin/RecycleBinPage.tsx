import { UndoOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useUser } from '../../app/session.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useOwnerName } from '../customers/use-lookups.ts';
import { adminApi, type RecycleBinItemShape } from './admin-api.ts';
import { problemText } from './use-admin-mutation.ts';

const TYPES = ['customers', 'contacts', 'deals', 'orders', 'interactions', 'tasks', 'tags'] as const satisfies ReadonlyArray<RecycleBinItemShape['type']>;

/** What was deleted and may be seen, newest first; each comes back with one click. */
export default function RecycleBinPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { message } = App.useApp();
  const client = useQueryClient();
  const ownerName = useOwnerName();
  const [type, setType] = useState<RecycleBinItemShape['type'] | undefined>();
  const bin = useInfiniteQuery({
    queryKey: ['recycle-bin', type],
    queryFn: ({ pageParam }) => adminApi.recycleBin.list({ type, limit: 50, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const restore = useMutation({
    mutationFn: adminApi.recycleBin.restore,
    onSuccess: (_result, item) => {
      void message.success(t('recycleBin.restored', { label: (item as RecycleBinItemShape).label }));
      void client.invalidateQueries();
    },
    onError: (error) => void message.error({ content: problemText(error, t('admin.stale')), duration: 6 }),
  });
  const items = bin.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div>
      <div className="kehu-page-title">
        <h1>{t('recycleBin.title')}</h1>
      </div>
      <div className="kehu-filters">
        <Select allowClear placeholder={t('recycleBin.allTypes')} value={type} onChange={setType} options={TYPES.map((ty) => ({ value: ty, label: t(`recycleBin.types.${ty}`) }))} />
      </div>
      <Table<RecycleBinItemShape>
        rowKey={(item) => `${item.type}:${item.id}`}
        size="small"
        loading={bin.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 700 }}
        data-testid="recycle-bin"
        locale={{ emptyText: bin.isError ? bin.error.message : t('recycleBin.empty') }}
        columns={[
          { key: 'label', title: t('recycleBin.what'), render: (_, item) => <span className="kehu-wrap">{item.label}</span> },
          { key: 'type', title: t('recycleBin.type'), width: 120, render: (_, item) => <Tag>{t(`recycleBin.types.${item.type}`)}</Tag> },
          { key: 'deletedAt', title: t('recycleBin.deletedAt'), width: 180, render: (_, item) => formatDateTime(item.deletedAt, i18n.language) },
          { key: 'deletedBy', title: t('recycleBin.deletedBy'), width: 140, ellipsis: true, render: (_, item) => (item.deletedBy ? ownerName(item.deletedBy) : t('app.none')) },
          {
            key: 'actions',
            width: 120,
            render: (_, item) =>
              canWrite(user) && (
                <Button
                  size="small"
                  icon={<UndoOutlined />}
                  loading={restore.isPending && restore.variables?.id === item.id && restore.variables.type === item.type}
                  onClick={() => restore.mutate(item)}
                  data-testid="restore"
                >
                  {t('recycleBin.restore')}
                </Button>
              ),
          },
        ]}
      />
      {bin.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void bin.fetchNextPage()} loading={bin.isFetchingNextPage}>{t('app.loadMore')}</Button>
        </div>
      )}
    </div>
  );
}
