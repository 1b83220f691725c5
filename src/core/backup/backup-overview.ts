import type { BackupFileSummaryShape, BackupOverviewShape, BackupRunShape } from '../../domain/backup.ts';
import { nextDaily, nextWeekly } from '../../domain/backup-schedule.ts';
import { codedError, isAppError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import type { BackupConfig } from './backup-config.ts';
import { backupDirOf } from './backup-jobs.ts';
import { getBackupSettings } from './backup-settings.ts';
import { listBackups, type ListedBackup } from './list-backups.ts';

type RunRow = {
  id: number;
  kind: BackupRunShape['kind'];
  trigger: BackupRunShape['trigger'];
  status: BackupRunShape['status'];
  file: string | null;
  bytes: number | null;
  database_bytes: number | null;
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  error: string | null;
  error_code: string | null;
  error_params: unknown;
  details: unknown;
};

export const assertAdminReader = (actor: Actor) => {
  if (actor.role !== 'admin') throw codedError('forbidden', 'backup.admin_only');
};

const toRun = (deps: Pick<Deps, 'dialect'>, row: RunRow): BackupRunShape => ({
  id: row.id,
  kind: row.kind,
  trigger: row.trigger,
  status: row.status,
  file: row.file,
  bytes: row.bytes === null ? null : Number(row.bytes),
  databaseBytes: row.database_bytes === null ? null : Number(row.database_bytes),
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
  error: row.error,
  errorCode: row.error_code,
  errorParams: row.error_params === null ? null : (deps.dialect.parseJson(row.error_params) as Record<string, string | number>),
  details: row.details === null ? null : deps.dialect.parseJson(row.details),
});

/** The latest run of a kind (optionally only a successful one). */
export async function lastRun(deps: Pick<Deps, 'db' | 'dialect'>, kind: BackupRunShape['kind'], okOnly = false): Promise<BackupRunShape | null> {
  const row = await deps.db
    .selectFrom('backup_runs')
    .selectAll()
    .where('kind', '=', kind)
    .$if(okOnly, (q) => q.where('status', '=', 'ok'))
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? toRun(deps, row as RunRow) : null;
}

export async function listRuns(deps: Pick<Deps, 'db' | 'dialect'>, limit = 50): Promise<BackupRunShape[]> {
  const rows = await deps.db.selectFrom('backup_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => toRun(deps, row as RunRow));
}

// A directory that is not one (a file, a path under a file) lists nothing: the page still opens to
// change it, and the failed backups say why.
function listedOrNone(directory: string): ListedBackup[] {
  try {
    return listBackups(directory);
  } catch (error) {
    if (isAppError(error)) return [];
    throw error;
  }
}

/** What the admin page shows: schedule, last backup and restore test (good or not), and the files. */
export async function backupOverview(ctx: Deps & { actor: Actor }, config: BackupConfig): Promise<BackupOverviewShape> {
  assertAdminReader(ctx.actor);
  const settings = await getBackupSettings(ctx);
  const directory = await backupDirOf({ deps: ctx, config });
  const verifies = await ctx.db.selectFrom('backup_runs').select(['file', 'status', 'finished_at']).where('kind', '=', 'verify').where('finished_at', 'is not', null).orderBy('id', 'desc').limit(500).execute();
  const lastVerifyOf = new Map<string, { ok: boolean; at: string }>();
  for (const v of verifies) if (v.file && !lastVerifyOf.has(v.file)) lastVerifyOf.set(v.file, { ok: v.status === 'ok', at: v.finished_at as string });
  const files: BackupFileSummaryShape[] = listedOrNone(directory).map((b) => ({
    name: b.name,
    bytes: b.bytes,
    createdAt: b.createdAt,
    trigger: b.manifest?.trigger ?? null,
    dialect: b.manifest?.dialect ?? null,
    kehuVersion: b.manifest?.kehuVersion ?? null,
    encrypted: b.manifest?.encrypted ?? false,
    rows: Object.values(b.manifest?.digests ?? {}).reduce((a, d) => a + d.rows, 0),
    customers: b.manifest?.digests.customers?.rows ?? 0,
    keyIds: b.manifest?.keyIds ?? [],
    problem: b.problem,
    problemCode: b.problemCode,
    problemParams: b.problemParams,
    lastVerify: lastVerifyOf.get(b.name) ?? null,
  }));
  const now = ctx.clock.now();
  const offset = -now.getTimezoneOffset();
  return {
    directory,
    encrypted: config.secret !== null,
    settings,
    nextBackupAt: settings.enabled ? nextDaily(now, settings.time, offset).toISOString() : null,
    nextVerifyAt: settings.verifyEnabled ? nextWeekly(now, settings.verifyWeekday, settings.verifyTime, offset).toISOString() : null,
    lastBackup: await lastRun(ctx, 'backup'),
    lastGoodBackup: await lastRun(ctx, 'backup', true),
    lastVerify: await lastRun(ctx, 'verify'),
    lastGoodVerify: await lastRun(ctx, 'verify', true),
    files,
  };
}

/** The few facts /healthz gives anyone watching: when the last backup and restore test ran and how they ended. */
export async function backupHealth(deps: Pick<Deps, 'db' | 'dialect'>) {
  const [backup, goodBackup, verify, goodVerify] = await Promise.all([lastRun(deps, 'backup'), lastRun(deps, 'backup', true), lastRun(deps, 'verify'), lastRun(deps, 'verify', true)]);
  return {
    lastBackupAt: backup?.startedAt ?? null,
    lastBackupStatus: backup?.status ?? null,
    lastGoodBackupAt: goodBackup?.finishedAt ?? null,
    lastRestoreTestAt: verify?.startedAt ?? null,
    lastRestoreTestStatus: verify?.status ?? null,
    lastGoodRestoreTestAt: goodVerify?.finishedAt ?? null,
  };
}
