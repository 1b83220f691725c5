import { DownloadOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Progress, Space, Statistic, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../app/i18n/index.ts';
import { importReason } from '../../../../src/domain/import-job.ts';
import { importsApi, type ImportJobShape } from './imports-api.ts';

const RUNNING: Array<ImportJobShape['status']> = ['queued', 'running'];
const STATUS_COLORS: Record<ImportJobShape['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error', reverted: 'warning' };

export function StatusTag({ status }: { status: ImportJobShape['status'] }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`imports.statuses.${status}`)}</Tag>;
}

/** One import as it runs: progress, counts, the first rejected rows, the error file and revert. */
export function ImportJobCard({ jobId }: { jobId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const job = useQuery({
    queryKey: ['imports', jobId],
    queryFn: () => importsApi.get(jobId),
    refetchInterval: (query) => (query.state.data && !RUNNING.includes(query.state.data.status) ? false : 1000),
  });
  const revert = useMutation({
    mutationFn: () => importsApi.revert(jobId),
    onSuccess: (reverted) => {
      client.setQueryData(['imports', jobId], reverted);
      void client.invalidateQueries({ queryKey: ['imports'] });
      void client.invalidateQueries({ queryKey: ['customers'] });
      void message.success(t('imports.reverted'));
    },
    onError: (error) => void message.error(error.message),
  });
  const j = job.data;
  if (!j) return <Card loading />;
  const percent = j.status === 'done' ? 100 : j.progress.estimatedRows ? Math.min(99, Math.round((100 * j.progress.rows) / j.progress.estimatedRows)) : undefined;
  const hasErrors = j.counts.invalid > 0;
  // keep-row: the error file also lists the values left out of imported rows
  const hasErrorFile = hasErrors || j.rowsWithDroppedValues > 0;
  return (
    <Card title={<span className="kehu-wrap">{j.fileName}</span>} extra={<StatusTag status={j.status} />} data-testid="import-job">
      {percent !== undefined && <Progress percent={percent} status={j.status === 'failed' ? 'exception' : RUNNING.includes(j.status) ? 'active' : undefined} />}
      {RUNNING.includes(j.status) && (
        <div className="kehu-muted">
          {t('imports.progress', { rows: j.progress.rows })}
          {j.progress.rate !== null && ` · ${t('imports.rate', { rate: j.progress.rate })}`}
          {j.progress.etaSeconds !== null && ` · ${t('imports.eta', { seconds: j.progress.etaSeconds })}`}
        </div>
      )}
      {j.error && <div style={{ color: '#cf1322' }}>{j.error}</div>}
      <Space size="large" wrap style={{ margin: '12px 0' }} data-testid="import-counts">
        <Statistic title={t('imports.created')} value={j.counts.created} />
        <Statistic title={t('imports.updated')} value={j.counts.updated} />
        <Statistic title={t('imports.skipped')} value={j.counts.skipped} />
        <Statistic title={t('imports.invalid')} value={j.counts.invalid} styles={{ content: { color: hasErrors ? '#cf1322' : undefined } }} />
      </Space>
      {j.errors.length > 0 && <RowErrors errors={j.errors} />}
      <Space wrap style={{ marginTop: 12 }}>
        {hasErrorFile && !RUNNING.includes(j.status) && (
          <Button icon={<DownloadOutlined />} href={importsApi.errorsUrl(j.id)} data-testid="download-errors">
            {t('imports.downloadErrors')}
          </Button>
        )}
        {j.status === 'done' && (
          <Popconfirm title={t('imports.confirmRevert')} onConfirm={() => revert.mutate()} okText={t('imports.revert')} cancelText={t('app.cancel')} okButtonProps={{ danger: true }}>
            <Button danger icon={<UndoOutlined />} loading={revert.isPending}>
              {t('imports.revert')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </Card>
  );
}

export function RowErrors({ errors }: { errors: ImportJobShape['errors'] }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey={(e) => `${e.row}-${e.column ?? ''}-${e.reason}`}
      dataSource={errors}
      pagination={errors.length > 10 ? { pageSize: 10, size: 'small' } : false}
      data-testid="row-errors"
      columns={[
        { key: 'row', title: t('imports.row'), dataIndex: 'row', width: 70 },
        { key: 'column', title: t('imports.column'), dataIndex: 'column', width: 140, ellipsis: true },
        { key: 'reason', title: t('imports.problem'), render: (_, e) => <span className="kehu-wrap">{importReason(currentLanguage(), e)}</span> },
      ]}
    />
  );
}
