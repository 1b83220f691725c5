import { statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { retentionOf } from '../../domain/backup.ts';
import { codedError } from '../../domain/errors.ts';
import type { Actor, Deps } from '../context.ts';
import { fileSystemError } from '../files/file-errors.ts';
import type { BackupConfig } from './backup-config.ts';
import { BACKUP_NAME, type BackupSecret } from './backup-format.ts';
import { failedChecks, failedOnes } from './backup-checks.ts';
import { recordedRun, recordFinishedRun, runError, settleRestoredRuns, type RunTrigger } from './backup-runs.ts';
import { backupSchedule } from './backup-settings.ts';
import { createBackup, type BackupInfo } from './create-backup.ts';
import { pruneBackups, type PruneReport } from './prune-backups.ts';
import { restoreBackup, type RestoreReport } from './restore-backup.ts';
import { accessShutIn, shutAccessAfterRestore, type AccessAfterRestore, type AccessShut } from './access-after-restore.ts';
import { forgetCachedAnalyses } from '../analytics/analysis-cache.ts';
import { secretProblem, verifyBackup, type VerifyReport } from './verify-backup.ts';

/** What every backup job needs: the database, the backup config, who asked and how. */
export interface JobContext {
  deps: Deps;
  config: BackupConfig;
  trigger: RunTrigger;
  actor: Pick<Actor, 'userId' | 'ip'> | null;
  /** the directory given on the command line; else the admin's choice, else the config's */
  dir?: string;
  /** a passphrase or key file given for this job; else the config's */
  secret?: BackupSecret | null;
  slot?: string;
}

export async function backupDirOf(context: Pick<JobContext, 'deps' | 'config' | 'dir'>): Promise<string> {
  return (await chosenBackupDir(context)) ?? context.config.dir;
}

/** The directory given on the command line or chosen on the admin page; null for the default. */
async function chosenBackupDir(context: Pick<JobContext, 'deps' | 'dir'>): Promise<string | null> {
  if (context.dir) return resolve(context.dir);
  return (await backupSchedule(context.deps)).directory;
}

function isThere(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    throw fileSystemError(error) ?? error;
  }
}

/**
 * The backup directory for a job that only reads it (list, prune): a chosen one that is not there
 * is refused, not made — a mistyped path or an unmounted disk. The default may not exist yet.
 */
export const existingBackupDir = (context: Pick<JobContext, 'deps' | 'config' | 'dir'>) => thereOrDefault(context, 'backup.dir_missing');

/** The chosen directory, refused with `missing` when it is not there; else the default. */
async function thereOrDefault(context: Pick<JobContext, 'deps' | 'config' | 'dir'>, missing: 'backup.dir_missing' | MissingTarget): Promise<string> {
  const chosen = await chosenBackupDir(context);
  if (chosen !== null && !isThere(chosen)) throw codedError('validation', missing, { path: chosen });
  return chosen ?? context.config.dir;
}

const secretOf = (context: JobContext) => (context.secret === undefined ? context.config.secret : context.secret);
const database = (deps: Deps) => ({ db: deps.db, dialect: deps.dialect });

/** A backup file named on the command line, or by name in the backup directory (the API: names only). */
export async function backupPathOf(context: Pick<JobContext, 'deps' | 'config' | 'dir'>, file: string, namesOnly = false): Promise<string> {
  if (namesOnly && !BACKUP_NAME.test(file)) throw codedError('validation', 'backup.not_a_name', { file }, { errors: [{ field: 'name', message: 'must be a backup file name as listed', code: 'field.pattern' }] });
  if (!namesOnly && (isAbsolute(file) || file.includes('/'))) return resolve(file);
  return join(await backupDirOf(context), file);
}

export async function runBackup(context: JobContext): Promise<BackupInfo | null> {
  return recordedRun(context.deps, { kind: 'backup', trigger: context.trigger, slot: context.slot, actor: context.actor }, async () => {
    const dir = await backupTargetDir(context);
    const info = await createBackup(database(context.deps), context.deps.clock.now(), { dir, trigger: context.trigger === 'schedule' ? 'schedule' : 'manual', secret: secretOf(context) });
    const rows = Object.fromEntries(Object.entries(info.manifest.digests).map(([t, d]) => [t, d.rows]));
    return { value: info, outcome: { ok: true, file: info.name, bytes: info.bytes, details: { rows, seconds: info.seconds, encrypted: info.manifest.encrypted } } };
  });
}

/**
 * Where a backup goes. A folder given with `--dir`, or the default one, is made when missing; one
 * chosen on the admin page must be there — an unmounted disk or share, not a folder to make on the
 * local disk, where the backups would die with the database. Refused inside the recorded run, so a
 * night's backup that cannot be taken shows as failed on the admin page.
 */
async function backupTargetDir(context: JobContext, missing: MissingTarget = 'backup.chosen_dir_missing'): Promise<string> {
  return context.dir ? resolve(context.dir) : thereOrDefault(context, missing);
}

type MissingTarget = 'backup.chosen_dir_missing' | 'backup.restore_chosen_dir_missing';

export async function runVerify(context: JobContext, file: string, namesOnly = false): Promise<VerifyReport | null> {
  const path = await backupPathOf(context, file, namesOnly);
  return recordedRun(context.deps, { kind: 'verify', trigger: context.trigger, slot: context.slot, actor: context.actor }, async () => {
    const report = await verifyBackup({ database: database(context.deps), crypto: context.deps.crypto, now: context.deps.clock.now() }, path, secretOf(context));
    const failed = failedOnes(report.checks);
    const locked = secretProblem(report);
    const why = locked
      ? { error: locked.detail, errorCode: locked.code, errorParams: locked.params }
      : failed.length > 0
        ? { error: failed.map((c) => `${c.check}: ${c.detail}`).join('; '), errorCode: 'backup.checks_failed' as const, errorParams: failedChecks(report.checks) }
        : {};
    return { value: report, outcome: { ok: report.ok, file: report.name, details: { checks: report.checks, seconds: report.seconds }, ...why } };
  });
}

/**
 * Restores a backup with the server's writes paused: the gate closes (new writes answer 503, the
 * background jobs skip their turn), the writes already running are waited for, and it opens again
 * when the restore has ended, well or not. Results the server kept in memory are forgotten.
 */
export async function runRestore(context: JobContext, file: string, options: { force: boolean; namesOnly?: boolean; drainWaitMs?: number }): Promise<RestoreReport & { access: AccessAfterRestore }> {
  const path = await backupPathOf(context, file, options.namesOnly);
  const started = performance.now();
  const meta = { trigger: context.trigger, actor: context.actor };
  const name = file.split('/').pop() ?? file;
  const gate = context.deps.writeGate;
  let report: RestoreReport;
  // Writes pause only once the backup is known good (restoreBackup's closeWrites), until it is back.
  let closed = false;
  let shut = null as AccessShut | null;
  let by: string | null = null;
  let actor = context.actor;
  let access: AccessAfterRestore = { sessionsEnded: 0, resetLinksEnded: 0, tokensRevoked: 0, usersDisabled: 0, adminsKept: 0 };
  try {
    // The safety backup goes where backups go: a chosen folder that is gone refuses the restore (recorded), as it does a backup.
    const dir = await backupTargetDir(context, 'backup.restore_chosen_dir_missing');
    try {
      report = await restoreBackup({ database: database(context.deps), crypto: context.deps.crypto, now: context.deps.clock.now() }, path, {
        secret: secretOf(context),
        force: options.force,
        dir,
        safetySecret: context.config.secret,
        onPhase: (phase, progress, readsPaused) => gate?.update(phase, progress, readsPaused),
        closeWrites: async () => {
          await gate?.close(name, context.deps.clock.now(), options.drainWaitMs);
          closed = true;
          shut = await accessShutIn(context.deps.db);
          by = await emailOf(context.deps, context.actor);
        },
      });
      // Who restored is recorded in the restored database: by their e-mail there, else as nobody with the e-mail in the details.
      actor = await actorIn(context.deps, context.actor, by);
      // Still behind the gate, and first: no sign-in or token the backup brought back is used before it is shut again.
      if (shut) access = await shutAccessAfterRestore(context.deps, shut, actor);
      // (the file's size as read before: a prune may have deleted the file meanwhile)
      await settleRestoredRuns(context.deps, report.name, report.bytes, report.createdAt);
    } finally {
      if (closed) {
        forgetCachedAnalyses(context.deps);
        gate?.open();
      }
    }
  } catch (error) {
    await recordFinishedRun(context.deps, { ...meta, actor, kind: 'restore' }, { ok: false, file: name, ...runError(error) }, started);
    throw fileSystemError(error) ?? error;
  }
  // The restore replaced the runs table with the backup's: the safety backup and the restore are recorded now.
  const after = { ...meta, actor };
  const restoredBy = by !== null && actor === null ? { restoredBy: by } : {};
  await recordFinishedRun(context.deps, { ...after, kind: 'backup', trigger: 'pre-restore' }, { ok: true, file: report.safetyBackup.name, bytes: report.safetyBackup.bytes }, started);
  await recordFinishedRun(context.deps, { ...after, kind: 'restore' }, { ok: true, file: report.name, details: { rows: report.rows, migrated: report.migrated, safetyBackup: report.safetyBackup.name, createdAt: report.createdAt, access, ...restoredBy } }, started);
  return { ...report, access };
}

async function emailOf(deps: Deps, actor: JobContext['actor']): Promise<string | null> {
  if (actor === null) return null;
  const user = await deps.db.selectFrom('users').select('email').where('id', '=', actor.userId).executeTakeFirst();
  return user?.email ?? null;
}

/** The one who restored, as the restored database knows them (by e-mail: ids may differ), or null when it does not. */
async function actorIn(deps: Deps, actor: JobContext['actor'], email: string | null): Promise<JobContext['actor']> {
  if (actor === null || email === null) return actor;
  const user = await deps.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  return user ? { ...actor, userId: user.id } : null;
}

export async function runPrune(context: JobContext, policy?: Partial<ReturnType<typeof retentionOf>>, dryRun = false): Promise<PruneReport> {
  const retention = { ...retentionOf(await backupSchedule(context.deps)), ...policy };
  const prune = async () => pruneBackups(await existingBackupDir(context), retention, { now: context.deps.clock.now(), dryRun });
  if (dryRun) {
    try {
      return await prune();
    } catch (error) {
      throw fileSystemError(error) ?? error;
    }
  }
  // A directory that cannot be pruned (a file, a folder that cannot be made) is a failed run, recorded like a failed backup.
  const result = await recordedRun(context.deps, { kind: 'prune', trigger: context.trigger, actor: context.actor }, async () => {
    const report = await prune();
    return { value: report, outcome: { ok: true, details: report } };
  });
  return result ?? { kept: [], deleted: [] };
}
