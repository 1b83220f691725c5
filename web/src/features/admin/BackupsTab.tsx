import { CloudUploadOutlined, DeleteOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Grid, Popconfirm, Progress, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState, Loading } from '../../components/States.tsx';
import { currentLanguage } from '../../app/i18n/index.ts';
import { formatBytes, formatDateTime, formatDuration } from '../../lib/format.ts';
import { storedProblem } from '../../lib/server-messages.ts';
import { adminApi, type BackupFileSummaryShape, type BackupRunShape } from './admin-api.ts';
import { BackupSettingsModal } from './BackupSettingsModal.tsx';
import { RestoreModal } from './RestoreModal.tsx';
import { useAdminMutation } from './use-admin-mutation.ts';
import { BACKUPS, runDetail, runError, useBackupJob } from './use-backup-job.ts';
import { useRestoreStatus } from './use-restore-status.ts';
import type { RestoreStatus } from '../../../../src/domain/backup.ts';

const STATUS_COLOR = { ok: 'green', failed: 'red', running: 'blue' } as const;

/** A restore under way: which file, what it is doing, how far the copy is, and that changes wait meanwhile. */
function RestoreBanner({ status }: { status: RestoreStatus }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="info"
      showIcon
      data-testid="restore-running"
      style={{ marginBottom: 12 }}
      message={t('backups.restoring', { file: status.file })}
      description={
        <>
          <div>{t(`backups.restorePhases.${status.phase}`)}</div>
          {status.progress !== null && <Progress percent={Math.floor(status.progress * 100)} size="small" data-testid="restore-progress" />}
          <div>{t(status.readsPaused ? 'backups.readsPaused' : 'backups.writesPaused')}</div>
        </>
      }
    />
  );
}

type RestoreAccess = { sessionsEnded: number; tokensRevoked: number; usersDisabled: number; adminsKept?: number };

/** What an ended restore did to who may get in: sign-ins ended, access shut again, admins kept enabled lest no one can administer. */
function RestoreNote({ run }: { run: BackupRunShape }) {
  const { t } = useTranslation();
  const details = (run.kind === 'restore' && run.status === 'ok' ? run.details : null) as { access?: RestoreAccess; restoredBy?: string } | null;
  const access = details?.access;
  if (!access) return null;
  return (
    <div data-testid="restore-note">
      <div className="kehu-muted kehu-wrap">{t('backups.afterRestore', { sessions: access.sessionsEnded, tokens: access.tokensRevoked, users: access.usersDisabled })}</div>
      {(access.adminsKept ?? 0) > 0 && (
        <Typography.Text type="warning" className="kehu-wrap">
          {t('backups.adminsKept', { count: access.adminsKept })}
        </Typography.Text>
      )}
      {details.restoredBy && <div className="kehu-muted kehu-wrap">{t('backups.restoredBy', { email: details.restoredBy })}</div>}
    </div>
  );
}

/** Why a run failed in the reader's words, and below it, smaller, the system's own words when they say more. */
function RunProblem({ run }: { run: BackupRunShape }) {
  const detail = runDetail(run);
  return (
    <>
      <div className="kehu-wrap">{runError(run)}</div>
      {detail && (
        <div className="kehu-muted kehu-wrap" style={{ fontSize: 12 }} data-testid="problem-detail">
          {detail}
        </div>
      )}
    </>
  );
}

/**
 * Backups: when the last one ran and the last restore test passed, the files with their own
 * restore tests, a backup or restore test now, settings, retention and restore.
 */
export function BackupsTab() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // On a phone each file and each run is one stacked cell: no table wider than the screen.
  const wide = Grid.useBreakpoint().md !== false;
  const overview = useQuery({ queryKey: BACKUPS, queryFn: adminApi.backups.overview });
  const job = useBackupJob();
  const [editing, setEditing] = useState(false);
  const [restoringFile, setRestoringFile] = useState<BackupFileSummaryShape | null>(null);
  const prune = useAdminMutation(adminApi.backups.prune, BACKUPS, t('backups.pruned'));
  const when = (iso: string | null | undefined) => (iso ? formatDateTime(iso, lang) : t('backups.never'));
  const status = (run: BackupRunShape) => <Tag color={STATUS_COLOR[run.status]}>{t(`backups.statuses.${run.status}`)}</Tag>;

  const restoring = useRestoreStatus(job.running === 'restore').data ?? null;
  const banner = restoring && <RestoreBanner status={restoring} />;

  if (overview.isPending) return banner || <Loading />;
  if (overview.isError) return banner || <ErrorState error={overview.error} onRetry={() => void overview.refetch()} />;
  const o = overview.data;
  const lastFailed = o.lastBackup?.status === 'failed' ? o.lastBackup : null;
  const verifyFailed = o.lastVerify?.status === 'failed' ? o.lastVerify : null;

  const busy = job.busy || restoring !== null;
  const fileName = (f: BackupFileSummaryShape) => (
    <Typography.Text code className="kehu-wrap">
      {f.name}
    </Typography.Text>
  );
  const restoreTest = (f: BackupFileSummaryShape) => {
    if (f.problem) return <Tag color="red" title={storedProblem(currentLanguage(), f.problem, f.problemCode, f.problemParams)}>{t('backups.unreadable')}</Tag>;
    if (!f.lastVerify) return <Tag>{t('backups.notTested')}</Tag>;
    return <Tag color={f.lastVerify.ok ? 'green' : 'red'}>{`${t(f.lastVerify.ok ? 'backups.passed' : 'backups.failed')} · ${formatDateTime(f.lastVerify.at, lang)}`}</Tag>;
  };
  const fileActions = (f: BackupFileSummaryShape) => (
    <Space wrap={!wide}>
      <Button size="small" disabled={busy} loading={job.running === 'verify'} onClick={() => job.start('verify', () => adminApi.backups.verify(f.name))}>
        {t('backups.verify')}
      </Button>
      <Button size="small" danger disabled={busy || f.problem !== null} onClick={() => setRestoringFile(f)}>
        {t('backups.restore')}
      </Button>
    </Space>
  );
  return (
    <>
      {banner}
      {lastFailed && <Alert type="error" showIcon data-testid="backup-failed" style={{ marginBottom: 12 }} message={t('backups.lastFailed', { when: when(lastFailed.startedAt) })} description={<RunProblem run={lastFailed} />} />}
      {verifyFailed && <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('backups.verifyFailed', { when: when(verifyFailed.startedAt), file: verifyFailed.file ?? '' })} description={<RunProblem run={verifyFailed} />} />}
      {!o.lastGoodBackup && !lastFailed && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('backups.noneYet')} />}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="backup-overview" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('backups.lastBackup')}>
          {o.lastBackup ? <Space>{when(o.lastBackup.startedAt)}{status(o.lastBackup)}</Space> : t('backups.never')}
        </Descriptions.Item>
        <Descriptions.Item label={t('backups.lastGoodVerify')}>
          <span data-testid="last-good-verify">{when(o.lastGoodVerify?.finishedAt)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('backups.nextBackup')}>{o.nextBackupAt ? when(o.nextBackupAt) : t('backups.off')}</Descriptions.Item>
        <Descriptions.Item label={t('backups.nextVerify')}>{o.nextVerifyAt ? when(o.nextVerifyAt) : t('backups.off')}</Descriptions.Item>
        <Descriptions.Item label={t('backups.directory')}>
          <Typography.Text code className="kehu-wrap">{o.directory}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('backups.retention')}>
          {t('backups.retentionText', { daily: o.settings.keepDaily, weekly: o.settings.keepWeekly, monthly: o.settings.keepMonthly })}
          {' · '}
          {o.encrypted ? t('backups.encrypted') : t('backups.notEncrypted')}
        </Descriptions.Item>
      </Descriptions>
      <div className="kehu-toolbar">
        <Space wrap>
          <Button type="primary" icon={<CloudUploadOutlined />} loading={job.running === 'backup'} disabled={busy} onClick={() => job.start('backup', adminApi.backups.create)}>
            {t('backups.backUpNow')}
          </Button>
          <Button icon={<SettingOutlined />} onClick={() => setEditing(true)}>
            {t('backups.settings')}
          </Button>
          <Popconfirm title={t('backups.confirmPrune', { daily: o.settings.keepDaily, weekly: o.settings.keepWeekly, monthly: o.settings.keepMonthly })} onConfirm={() => prune.mutate(undefined)} okText={t('backups.prune')} cancelText={t('app.cancel')}>
            <Button icon={<DeleteOutlined />} loading={prune.isPending}>
              {t('backups.prune')}
            </Button>
          </Popconfirm>
        </Space>
      </div>
      <Table<BackupFileSummaryShape>
        rowKey="name"
        size="small"
        dataSource={o.files}
        pagination={false}
        scroll={wide ? { x: 900 } : undefined}
        data-testid="backup-files"
        locale={{ emptyText: t('backups.noFiles') }}
        columns={
          wide
            ? [
                { key: 'name', title: t('backups.file'), render: (_, f) => fileName(f) },
                { key: 'createdAt', title: t('backups.createdAt'), width: 170, render: (_, f) => when(f.createdAt) },
                { key: 'size', title: t('backups.size'), width: 90, render: (_, f) => formatBytes(f.bytes, lang) },
                { key: 'customers', title: t('backups.customers'), width: 100, render: (_, f) => f.customers.toLocaleString(lang) },
                { key: 'verify', title: t('backups.restoreTest'), width: 190, render: (_, f) => restoreTest(f) },
                { key: 'actions', width: 190, render: (_, f) => fileActions(f) },
              ]
            : [
                {
                  key: 'file',
                  title: t('backups.file'),
                  render: (_, f) => (
                    <Space direction="vertical" size={4} style={{ width: '100%' }}>
                      {fileName(f)}
                      <span className="kehu-muted">{[when(f.createdAt), formatBytes(f.bytes, lang), `${t('backups.customers')} ${f.customers.toLocaleString(lang)}`].join(' · ')}</span>
                      <span>
                        {t('backups.restoreTest')}: {restoreTest(f)}
                      </span>
                      {fileActions(f)}
                    </Space>
                  ),
                },
              ]
        }
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('backups.runs')}
      </Typography.Title>
      <Table<BackupRunShape>
        rowKey={(r) => `${r.id}@${r.startedAt}`}
        size="small"
        loading={job.runs.isPending}
        dataSource={job.runs.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={wide ? { x: 900 } : undefined}
        showHeader={wide}
        data-testid="backup-runs"
        columns={
          wide
            ? [
                { key: 'startedAt', title: t('backups.startedAt'), width: 170, render: (_, r) => formatDateTime(r.startedAt, lang) },
                { key: 'kind', title: t('backups.kind'), width: 110, render: (_, r) => t(`backups.kinds.${r.kind}`) },
                { key: 'trigger', title: t('backups.trigger'), width: 120, render: (_, r) => t(`backups.triggers.${r.trigger}`) },
                { key: 'status', title: t('backups.status'), width: 90, render: (_, r) => status(r) },
                { key: 'duration', title: t('backups.duration'), width: 90, render: (_, r) => formatDuration(r.durationMs, lang) },
                { key: 'file', title: t('backups.file'), ellipsis: true, render: (_, r) => r.file },
                { key: 'error', title: t('backups.note'), render: (_, r) => (r.error ? <Typography.Text type="danger"><RunProblem run={r} /></Typography.Text> : <RestoreNote run={r} />) },
              ]
            : [
                {
                  key: 'run',
                  title: t('backups.runs'),
                  render: (_, r) => (
                    <Space direction="vertical" size={2} style={{ width: '100%' }}>
                      <span>
                        {t(`backups.kinds.${r.kind}`)} {status(r)}
                      </span>
                      <span className="kehu-muted">{[formatDateTime(r.startedAt, lang), t(`backups.triggers.${r.trigger}`), formatDuration(r.durationMs, lang)].join(' · ')}</span>
                      {r.file && <span className="kehu-wrap">{r.file}</span>}
                      {r.error ? (
                        <Typography.Text type="danger">
                          <RunProblem run={r} />
                        </Typography.Text>
                      ) : (
                        <RestoreNote run={r} />
                      )}
                    </Space>
                  ),
                },
              ]
        }
      />
      <BackupSettingsModal open={editing} settings={o.settings} onClose={() => setEditing(false)} />
      <RestoreModal file={restoringFile} onClose={() => setRestoringFile(null)} onConfirm={(file) => job.start('restore', () => adminApi.backups.restore(file.name, true))} />
    </>
  );
}
