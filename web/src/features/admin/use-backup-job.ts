import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type BackupRunShape } from './admin-api.ts';
import { currentLanguage } from '../../app/i18n/index.ts';
import { storedDetail, storedProblem } from '../../lib/server-messages.ts';
import { problemText } from './use-admin-mutation.ts';

/** Why a run failed, in the reader's language (stored as English with a message code). */
export const runError = (run: BackupRunShape) => storedProblem(currentLanguage(), run.error, run.errorCode, run.errorParams);
/** The system's own words behind a run's coded error, for a secondary line; null when the message says it all. */
export const runDetail = (run: BackupRunShape) => storedDetail(run.error, run.errorCode, run.errorParams);

export const BACKUPS = ['admin', 'backups'] as const;
export const BACKUP_RUNS = ['admin', 'backups', 'runs'] as const;
export const HEALTH = ['admin', 'health'] as const;

type Kind = BackupRunShape['kind'];
// A restore replaces the runs table with the backup's, so a run is known by its id and start together.
const signature = (run: BackupRunShape | undefined) => (run ? `${run.id}@${run.startedAt}` : null);

/**
 * Backups, restore tests and restores run in the background on the server: this starts one,
 * follows GET /backups/runs each second until its run ends, then says how it ended.
 */
export function useBackupJob() {
  const client = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  const [watching, setWatching] = useState<{ kind: Kind; after: string | null } | null>(null);
  const runs = useQuery({
    queryKey: BACKUP_RUNS,
    queryFn: adminApi.backups.runs,
    refetchInterval: (query) => (watching !== null || query.state.data?.items.some((r) => r.status === 'running') ? 1000 : false),
  });

  useEffect(() => {
    if (!watching || !runs.data) return;
    const run = runs.data.items.find((r) => r.kind === watching.kind);
    if (!run || run.status === 'running' || signature(run) === watching.after) return;
    setWatching(null);
    if (run.status === 'ok') void message.success(t(`backups.finished.${watching.kind}`, { file: run.file ?? '' }));
    else void message.error({ content: t('backups.failedWith', { error: runError(run) }), duration: 10 });
    void client.invalidateQueries({ queryKey: BACKUPS });
    void client.invalidateQueries({ queryKey: HEALTH });
  }, [runs.data, watching, message, t, client]);

  const start = useMutation({
    mutationFn: async ({ kind, call }: { kind: Kind; call: () => Promise<unknown> }) => {
      const before = (await adminApi.backups.runs()).items.find((r) => r.kind === kind);
      await call();
      return signature(before);
    },
    onSuccess: (after, { kind }) => {
      setWatching({ kind, after });
      void client.invalidateQueries({ queryKey: BACKUP_RUNS });
    },
    onError: (error) => void message.error({ content: problemText(error, t('admin.stale')), duration: 6 }),
  });

  return { runs, busy: watching !== null || start.isPending, running: watching?.kind ?? null, start: (kind: Kind, call: () => Promise<unknown>) => start.mutate({ kind, call }) };
}
