import { sql } from 'kysely';
import { lastDailySlot, lastWeeklySlot } from '../../domain/backup-schedule.ts';
import { codedError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { failedOnes } from './backup-checks.ts';
import type { BackupConfig } from './backup-config.ts';
import { backupDirOf, runBackup, runPrune, runVerify } from './backup-jobs.ts';
import { closeInterruptedRuns, recordFinishedRun, runError } from './backup-runs.ts';
import { backupSchedule } from './backup-settings.ts';
import { listBackups, type ListedBackup } from './list-backups.ts';

export interface BackupScheduler {
  /** Runs whatever is due now (the timer calls it every minute; tests call it with a moved clock). */
  tick(): Promise<void>;
  stop(): void;
}

/** When this database was set up: a schedule slot before it is not a missed run. */
async function installedAt(deps: Deps): Promise<Date> {
  const { rows } = await sql<{ first: string | null }>`select min(applied_at) as first from kehu_migrations`.execute(deps.db);
  const first = rows[0]?.first;
  return first ? new Date(first) : deps.clock.now();
}

/**
 * The schedule `kehu serve` keeps by itself: a backup every day (with retention) and a restore test
 * of the newest backup every week, at the times the admin chose (local time). A slot missed while
 * the server was down runs at the next tick; of several servers, the one that claims a slot runs it.
 * Failures are recorded and logged, never silent.
 */
export function startBackupScheduler(deps: Deps, config: BackupConfig, log: (line: string) => void, intervalMs = 60_000): BackupScheduler {
  let running: Promise<void> | null = null;
  let since: Date | null = null;
  const context = { deps, config, trigger: 'schedule' as const, actor: null };

  async function backupIfDue(now: Date, offset: number, after: Date): Promise<void> {
    const schedule = await backupSchedule(deps);
    if (!schedule.enabled) return;
    const due = lastDailySlot(now, schedule.time, offset);
    if (due.at < after) return;
    try {
      const info = await runBackup({ ...context, slot: due.slot });
      if (!info) return;
      log(`kehu: scheduled backup ${info.path} (${info.bytes} bytes, ${info.seconds.toFixed(1)} s)`);
      const pruned = await runPrune(context);
      if (pruned.deleted.length > 0) log(`kehu: retention removed ${pruned.deleted.join(', ')}`);
    } catch (error) {
      log(`kehu: scheduled backup FAILED: ${(error as Error).message}`);
    }
  }

  async function verifyIfDue(now: Date, offset: number, after: Date): Promise<void> {
    const schedule = await backupSchedule(deps);
    if (!schedule.verifyEnabled) return;
    const due = lastWeeklySlot(now, schedule.verifyWeekday, schedule.verifyTime, offset);
    if (due.at < after) return;
    // Recorded once for the week's slot (and said once in the log): a later turn finds the slot taken.
    const failedWith = async (error: unknown) => {
      if (await recordFinishedRun(deps, { kind: 'verify', trigger: 'schedule', slot: due.slot, actor: null }, { ok: false, ...runError(error) }, performance.now())) {
        log(`kehu: scheduled restore test FAILED: ${(error as Error).message}`);
      }
    };
    let newest: ListedBackup | undefined;
    try {
      newest = listBackups(await backupDirOf(context)).find((b) => b.manifest !== null);
    } catch (error) {
      // A folder that cannot be listed (a file now, not readable) fails the week's test on the page, as an empty one does.
      return failedWith(error);
    }
    if (!newest) return failedWith(codedError('not_found', 'backup.nothing_to_test'));
    try {
      const report = await runVerify({ ...context, slot: due.slot }, newest.path);
      if (!report) return;
      if (report.ok) log(`kehu: scheduled restore test of ${report.name} passed (${report.seconds.toFixed(1)} s)`);
      else log(`kehu: scheduled restore test of ${report.name} FAILED: ${failedOnes(report.checks).map((c) => `${c.check}: ${c.detail}`).join('; ')}`);
    } catch (error) {
      log(`kehu: scheduled restore test FAILED: ${(error as Error).message}`);
    }
  }

  async function tick(): Promise<void> {
    const now = deps.clock.now();
    const offset = -now.getTimezoneOffset();
    since ??= await installedAt(deps);
    const interrupted = await closeInterruptedRuns(deps);
    if (interrupted.length > 0) log(`kehu: backup runs ${interrupted.join(', ')} were interrupted (their process is gone): recorded as failed`);
    await backupIfDue(now, offset, since);
    await verifyIfDue(deps.clock.now(), offset, since);
  }

  // While a restore runs the turn is skipped (a slot still due runs at the next tick after it).
  const unlessRestoring = async () => {
    if (deps.writeGate) await deps.writeGate.whenOpen(tick);
    else await tick();
  };
  const guarded = () => {
    // One run at a time in this process; a long backup simply delays the next check.
    running ??= unlessRestoring()
      .catch((error: Error) => log(`kehu: backup schedule: ${error.message}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  const timer = setInterval(() => void guarded(), intervalMs);
  timer.unref();
  return {
    tick: guarded,
    stop: () => clearInterval(timer),
  };
}
