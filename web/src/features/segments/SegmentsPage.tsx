import { DeleteOutlined, DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Dropdown, Popconfirm, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PageProps } from '../../app/routes.tsx';
import { Link, navigate } from '../../app/router.tsx';
import { canWrite, useUser } from '../../app/session.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/States.tsx';
import { exportUrl } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useSegments } from '../analytics/analytics-api.ts';
import { useDeleteSegment, type SegmentShape } from './segments-api.ts';

export function ExportMenu({ segmentId }: { segmentId: number }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      menu={{
        items: (['xlsx', 'csv'] as const).map((format) => ({ key: format, label: <a href={exportUrl('customers', { segmentId, format })} download data-testid={`export-${format}`}>{t(`analytics.segments.export_${format}`)}</a> })),
      }}
    >
      <Button icon={<DownloadOutlined />} data-testid="segment-export">{t('analytics.segments.export')}</Button>
    </Dropdown>
  );
}

/** Saved segments: open one to see and export its members, or build a new one. */
export default function SegmentsPage(_: PageProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useUser();
  const segments = useSegments();
  const remove = useDeleteSegment();

  if (segments.isPending) return <Loading />;
  if (segments.isError) return <ErrorState error={segments.error} onRetry={() => void segments.refetch()} />;

  return (
    <div data-testid="segments">
      <div className="kehu-page-title">
        <h1>{t('analytics.segments.title')}</h1>
        <span style={{ flex: 1 }} />
        {canWrite(me) && <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/segments/new')} data-testid="new-segment">{t('analytics.segments.new')}</Button>}
      </div>
      <Card>
        {segments.data.length === 0 ? (
          <EmptyState description={t('analytics.segments.none')}>
            {canWrite(me) && <Button type="primary" onClick={() => navigate('/segments/new')}>{t('analytics.segments.new')}</Button>}
          </EmptyState>
        ) : (
          <Table<SegmentShape>
            rowKey="id"
            dataSource={segments.data}
            pagination={false}
            columns={[
              { title: t('analytics.segments.name'), dataIndex: 'name', render: (name: string, s) => <Link to={`/segments/${s.id}`} className="kehu-wrap">{name}</Link> },
              { title: t('analytics.segments.description'), dataIndex: 'description', responsive: ['md'], render: (d: string | null) => <span className="kehu-wrap kehu-muted">{d}</span> },
              { title: t('analytics.segments.updated'), dataIndex: 'updatedAt', responsive: ['lg'], render: (at: string) => formatDateTime(at, i18n.language) },
              {
                key: 'actions',
                align: 'right',
                render: (_: unknown, s) => (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    <Button type="link" onClick={() => navigate(`/reports?segmentId=${s.id}`)}>{t('analytics.segments.reports')}</Button>
                    {(me.role === 'admin' || s.createdBy === me.id) && (
                      <Popconfirm title={t('analytics.segments.confirmDelete', { name: s.name })} onConfirm={() => remove.mutate(s, { onSuccess: () => void message.success(t('analytics.segments.deleted')) })}>
                        <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('app.delete')} />
                      </Popconfirm>
                    )}
                  </span>
                ),
              },
            ]}
          />
        )}
      </Card>
    </div>
  );
}
