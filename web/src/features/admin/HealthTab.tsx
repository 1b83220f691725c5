import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { formatBytes, formatDateTime } from '../../lib/format.ts';
import { adminApi, type HealthReportShape } from './admin-api.ts';
import { problemText } from './use-admin-mutation.ts';
import { HEALTH } from './use-backup-job.ts';

type SlowRoute = HealthReportShape['slowRoutes'][number];
type TableRows = HealthReportShape['tables'][number];
type DeferredIndex = HealthReportShape['deferredIndexes'][number];

/** The database's health: size and growth, WAL, integrity, backups, rows per table, deferred indexes, slow routes, upkeep. */
export function HealthTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const client = useQueryClient();
  const health = useQuery({ queryKey: HEALTH, queryFn: adminApi.health.report });
  const maintain = useMutation({
    mutationFn: adminApi.health.maintain,
    onSuccess: (r) => void message.success(t('health.maintained', { action: t(`health.actions.${r.action as 'optimize'}`), before: formatBytes(r.beforeBytes, lang), after: formatBytes(r.afterBytes, lang), seconds: r.seconds.toFixed(1) })),
    onError: (error) => void message.error({ content: problemText(error, t('admin.stale')), duration: 6 }),
    onSettled: () => void client.invalidateQueries({ queryKey: HEALTH }),
  });
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, lang) : t('backups.never'));

  if (health.isPending) return <Loading />;
  if (health.isError) return <ErrorState error={health.error} onRetry={() => void health.refetch()} />;
  const h = health.data;
  const growth = h.growthBytesPerDay === null ? t('health.unknownGrowth') : t('health.perDay', { size: formatBytes(h.growthBytesPerDay, lang) });

  return (
    <div data-testid="health">
      {!h.integrity.ok && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('health.integrityFailed')} description={h.integrity.problems.join('; ')} />}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('health.databaseSize', { dialect: h.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL' })} value={formatBytes(h.databaseBytes, lang)} />
            <Typography.Text type="secondary">{growth}</Typography.Text>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('health.walSize')} value={h.walBytes === null ? t('app.none') : formatBytes(h.walBytes, lang)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('health.integrity')} value={h.integrity.ok ? t('health.ok') : t('health.problems', { count: h.integrity.problems.length })} valueStyle={{ color: h.integrity.ok ? '#389e0d' : '#cf1322' }} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('backups.lastGoodVerify')} value={when(h.lastGoodRestoreTest?.finishedAt)} valueStyle={{ fontSize: 16 }} />
            <Typography.Text type={h.lastBackup?.status === 'failed' ? 'danger' : 'secondary'}>
              {t('health.lastBackup', { when: when(h.lastBackup?.startedAt), status: h.lastBackup ? t(`backups.statuses.${h.lastBackup.status}`) : '' })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <div className="kehu-toolbar">
        <Space wrap>
          <Button icon={<ThunderboltOutlined />} loading={maintain.isPending && maintain.variables === 'optimize'} disabled={maintain.isPending} onClick={() => maintain.mutate('optimize')}>
            {t('health.actions.optimize')}
          </Button>
          <Popconfirm title={h.dialect === 'sqlite' ? t('health.vacuumSqlite') : t('health.vacuumPostgres')} onConfirm={() => maintain.mutate('vacuum')} okText={t('health.actions.vacuum')} cancelText={t('app.cancel')}>
            <Button loading={maintain.isPending && maintain.variables === 'vacuum'} disabled={maintain.isPending}>
              {t('health.actions.vacuum')}
            </Button>
          </Popconfirm>
        </Space>
      </div>
      <Typography.Title level={5}>{t('health.slowRoutes')}</Typography.Title>
      <Table<SlowRoute>
        rowKey={(r) => `${r.method} ${r.route}`}
        size="small"
        dataSource={h.slowRoutes}
        pagination={false}
        scroll={{ x: 700 }}
        data-testid="slow-routes"
        locale={{ emptyText: t('health.noRequests') }}
        columns={[
          { key: 'route', title: t('health.route'), render: (_, r) => <Typography.Text code>{`${r.method} ${r.route}`}</Typography.Text> },
          { key: 'p95', title: 'p95', width: 90, render: (_, r) => (r.p95Ms === null ? t('app.none') : `${r.p95Ms.toFixed(1)} ms`) },
          { key: 'mean', title: t('health.mean'), width: 90, render: (_, r) => `${r.meanMs.toFixed(1)} ms` },
          { key: 'max', title: t('health.max'), width: 90, render: (_, r) => `${r.maxMs.toFixed(0)} ms` },
          { key: 'count', title: t('health.requests'), width: 90, render: (_, r) => r.count.toLocaleString(lang) },
          { key: 'errors', title: t('health.errors'), width: 80, render: (_, r) => (r.errors > 0 ? <Tag color="red">{r.errors}</Tag> : 0) },
        ]}
      />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('health.rowsPerTable')}</Typography.Title>
          <Table<TableRows>
            rowKey="name"
            size="small"
            dataSource={[...h.tables].sort((a, b) => b.rows - a.rows)}
            pagination={false}
            scroll={{ y: 360 }}
            data-testid="table-rows"
            columns={[
              { key: 'name', title: t('health.table'), render: (_, r) => <Typography.Text code>{r.name}</Typography.Text> },
              { key: 'rows', title: t('health.rows'), width: 120, align: 'right', render: (_, r) => r.rows.toLocaleString(lang) },
            ]}
          />
        </Col>
        <Col xs={24} md={12}>
          <Typography.Title level={5}>{t('health.deferredIndexes')}</Typography.Title>
          {h.deferredIndexes.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('health.noDeferred')}</Typography.Paragraph>
          ) : (
            <Table<DeferredIndex>
              rowKey="name"
              size="small"
              dataSource={h.deferredIndexes}
              pagination={false}
              columns={[
                { key: 'name', title: t('health.index'), render: (_, d) => <Typography.Text code>{`${d.table}.${d.name}`}</Typography.Text> },
                { key: 'since', title: t('health.since'), width: 170, render: (_, d) => formatDateTime(d.since, lang) },
              ]}
            />
          )}
        </Col>
      </Row>
    </div>
  );
}
