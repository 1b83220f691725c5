import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Button, DatePicker, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../app/router.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { adminApi, type AuditEntryShape, type AuditFilter } from './admin-api.ts';

const ENTITIES = ['customer', 'contact', 'deal', 'order', 'interaction', 'task', 'tag', 'custom_field', 'pipeline_stage', 'user', 'team', 'api_token', 'import_job', 'duplicate_pair', 'pool_settings', 'workspace_time', 'backup', 'backup_settings', 'database'] as const;
const ACTIONS: Array<AuditEntryShape['action']> = ['create', 'update', 'delete', 'restore', 'merge', 'unmerge', 'transfer', 'claim', 'release', 'export', 'reveal', 'permission_change', 'login', 'login_failed', 'logout', 'token_create', 'token_revoke', 'backup', 'backup_verify', 'backup_restore', 'backup_prune', 'maintenance'];

const show = (value: unknown) => (value === null || value === undefined || value === '' ? '∅' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Who did what, when, from where: the append-only audit log, newest first, with filters. */
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<AuditFilter>({});
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.users.list });
  const userName = new Map((users.data?.items ?? []).map((u) => [u.id, u.name]));
  const actorLabel = (e: { actorId: number | null; origin: 'console' | null }) => {
    if (e.actorId === null) return e.origin === 'console' ? t('admin.console') : t('admin.system');
    const name = userName.get(e.actorId) ?? `#${e.actorId}`;
    return e.origin === 'console' ? `${name} (${t('admin.console')})` : name;
  };
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit', filter],
    queryFn: ({ pageParam }) => adminApi.audit.list({ ...filter, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = log.data?.pages.flatMap((p) => p.items) ?? [];
  const set = (patch: Partial<AuditFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const entityLabel = (entity: string) => ((ENTITIES as readonly string[]).includes(entity) ? t(`admin.entityNames.${entity as (typeof ENTITIES)[number]}`) : entity);
  const actionLabel = (action: AuditEntryShape['action']) => (i18n.exists(`auditActions.${action}`) ? t(`auditActions.${action}` as 'auditActions.create') : action);

  return (
    <>
      <div className="kehu-filters" data-testid="audit-filters">
        <Select allowClear placeholder={t('admin.entity')} value={filter.entity} onChange={(entity) => set({ entity })} options={ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))} />
        <Select allowClear placeholder={t('admin.action')} value={filter.action} onChange={(action) => set({ action })} options={ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))} />
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('admin.actor')} value={filter.actor} onChange={(actor) => set({ actor })} options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.name }))} />
        <DatePicker.RangePicker
          value={range}
          onChange={(value) => {
            setRange(value);
            set({ from: value?.[0]?.startOf('day').toISOString(), to: value?.[1]?.endOf('day').toISOString() });
          }}
        />
      </div>
      <Table<AuditEntryShape>
        rowKey="id"
        size="small"
        loading={log.isPending}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="audit-log"
        locale={{ emptyText: log.isError ? log.error.message : t('admin.noAudit') }}
        columns={[
          { key: 'at', title: t('admin.when'), width: 170, render: (_, e) => formatDateTime(e.at, i18n.language) },
          { key: 'actor', title: t('admin.actor'), width: 130, ellipsis: true, render: (_, e) => actorLabel(e) },
          { key: 'action', title: t('admin.action'), width: 120, render: (_, e) => <Tag color={e.action === 'delete' || e.action === 'login_failed' ? 'red' : undefined}>{actionLabel(e.action)}</Tag> },
          {
            key: 'entity',
            title: t('admin.entity'),
            width: 150,
            render: (_, e) => (e.entity === 'customer' && e.entityId ? <Link to={`/customers/${e.entityId}`}>{`${entityLabel(e.entity)} #${e.entityId}`}</Link> : `${entityLabel(e.entity)}${e.entityId ? ` #${e.entityId}` : ''}`),
          },
          {
            key: 'changes',
            title: t('admin.changes'),
            render: (_, e) => (
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ margin: 0 }} className="kehu-wrap">
                {Object.entries(e.changes)
                  .map(([field, [before, after]]) => `${field}: ${show(before)} → ${show(after)}`)
                  .join('; ')}
              </Typography.Paragraph>
            ),
          },
          { key: 'ip', title: 'IP', width: 120, dataIndex: 'ip' },
        ]}
      />
      {log.hasNextPage && (
        <div className="kehu-list-footer">
          <Button onClick={() => void log.fetchNextPage()} loading={log.isFetchingNextPage}>{t('app.loadMore')}</Button>
        </div>
      )}
    </>
  );
}
