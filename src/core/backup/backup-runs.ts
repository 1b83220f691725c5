import type { AuditAction } from '../../domain/audit.ts';
import { isAppError } from '../../domain/errors.ts';
import { formatMessage, nestedReasons, type MessageCode, type MessageParams } from '../../domain/messages.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Actor, type Deps } from '../context.ts';
import type { BackupRunTable } from '../db/schema.ts';
import { fileSystemError } from '../files/file-errors.ts';
import { isAlive, thisRunner } from '../imports/import-jobs.repository.ts';

export type RunKind = BackupRunTable['kind'];
export type RunTrigger = BackupRunTable['trigger'];

export interface RunOutcome {
  ok: boolean;
  file?: string | null;
  bytes?: number | null;
  details?: unknown;
  /** why it failed, in English (the server log's words); errorCode and errorParams say it in other languages */
  error?: string | null;
  errorCode?: MessageCode | null;
  errorParams?: MessageParams | null;
}

/** How a failed run records its error: the English text, and the code when it has one. */
export function runError(error: unknown): Pick<RunOutcome, 'error' | 'errorCode' | 'errorParams'> {
  const message = (error as Error).message;
  const fileError = fileSystemError(error);
  if (fileError) return { error: message, errorCode: fileError.messageCode, errorParams: fileError.params };
  if (!isAppError(error)) return { error: message, errorCode: 'backup.failed_with', errorParams: { reason: message } };
  const field = error.errors[0];
  if (error.messageCode !== error.code) return { error: message, errorCode: error.messageCode, errorParams: error.params };
  if (field?.code) return { error: message, errorCode: 'backup.failed_field', errorParams: nestedReasons([field]) };
  return { error: message, errorCode: 'backup.failed_with', errorParams: { reason: message } };
}

export interface RunMeta {
  kind: RunKind;
  trigger: RunTrigger;
  /** a schedule slot to claim; the run does not happen when another process claimed it first */
  slot?: string;
  actor: Pick<Actor, 'userId' | 'ip'> | null;
}

const ACTIONS: Record<RunKind, AuditAction> = { backup: 'backup', verify: 'backup_verify', restore: 'backup_restore', prune: 'backup_prune' };

/** Claims a run: a `running` row, or null when its schedule slot is already taken. */
export async function startRun(deps: Deps, meta: RunMeta): Promise<number | null> {
  const { housekeeping } = deps.dialect;
  const { databaseBytes } = await housekeeping.sizes(deps.db as never);
  const result = await deps.db
    .insertInto('backup_runs')
    // who runs it, until its outcome's details replace this: a run whose process is gone was killed (see closeInterruptedRuns)
    .values({ kind: meta.kind, trigger: meta.trigger, slot: meta.slot ?? null, status: 'running', started_at: nowIso(deps), database_bytes: databaseBytes, details: JSON.stringify({ runner: thisRunner() }), created_by: meta.actor?.userId ?? null })
    .onConflict((oc) => oc.column('slot').doNothing())
    .returning('id')
    .executeTakeFirst();
  return result?.id ?? null;
}

/**
 * Runs left `running` by a process of this machine that is gone (kill -9, a crash, a power cut) are
 * recorded as failed, interrupted, and their schedule slot is freed: the page and /healthz stop
 * saying "running", and the night's backup is taken again at the next turn.
 */
export async function closeInterruptedRuns(deps: Deps): Promise<number[]> {
  const running = await deps.db.selectFrom('backup_runs').select(['id', 'details']).where('status', '=', 'running').execute();
  const runnerOf = (details: unknown) => (details === null ? null : (deps.dialect.parseJson<{ runner?: string }>(details).runner ?? null));
  const gone = running.filter((run) => !isAlive(runnerOf(run.details))).map((run) => run.id);
  if (gone.length === 0) return [];
  const error = formatMessage('en', 'backup.interrupted', {}) ?? 'interrupted';
  await deps.db
    .updateTable('backup_runs')
    .set({ status: 'failed', slot: null, finished_at: nowIso(deps), error, error_code: 'backup.interrupted', error_params: null })
    .where('id', 'in', gone)
    .where('status', '=', 'running')
    .execute();
  return gone;
}

/**
 * A restored database holds the runs as they were when its backup was taken: the backup that wrote
 * the file was itself running then, and so may a verify or a prune have been. That backup is
 * recorded as the ok run that wrote `file`; the others failed with an unknown outcome. Without
 * this they would say "running" until the server restarts.
 */
export async function settleRestoredRuns(deps: Deps, file: string, bytes: number, createdAt: string): Promise<void> {
  const running = await deps.db.selectFrom('backup_runs').select(['id', 'kind', 'started_at']).where('status', '=', 'running').orderBy('id', 'desc').execute();
  const own = running.find((run) => run.kind === 'backup' && String(run.started_at) <= createdAt);
  if (own) await deps.db.updateTable('backup_runs').set({ status: 'ok', slot: null, file, bytes, finished_at: createdAt, details: null }).where('id', '=', own.id).execute();
  const others = running.filter((run) => run !== own).map((run) => run.id);
  if (others.length === 0) return;
  const error = formatMessage('en', 'backup.running_in_restored', {}) ?? 'unknown';
  await deps.db.updateTable('backup_runs').set({ status: 'failed', slot: null, finished_at: createdAt, error, error_code: 'backup.running_in_restored', error_params: null }).where('id', 'in', others).execute();
}

/** Records how a run ended, and writes it to the audit log in the same transaction. */
export async function finishRun(deps: Deps, id: number, meta: RunMeta, outcome: RunOutcome, startedMs: number): Promise<void> {
  const now = nowIso(deps);
  await inTransaction(deps, async (tx) => {
    await tx.db
      .updateTable('backup_runs')
      .set({
        status: outcome.ok ? 'ok' : 'failed',
        file: outcome.file ?? null,
        bytes: outcome.bytes ?? null,
        finished_at: now,
        duration_ms: Math.round(performance.now() - startedMs),
        details: outcome.details === undefined ? null : JSON.stringify(outcome.details),
        error: outcome.error ?? null,
        error_code: outcome.errorCode ?? null,
        error_params: outcome.errorParams ? JSON.stringify(outcome.errorParams) : null,
      })
      .where('id', '=', id)
      .execute();
    await recordAudit({ ...tx, actor: meta.actor }, {
      action: ACTIONS[meta.kind],
      entity: 'backup',
      entityId: id,
      changes: { status: [null, outcome.ok ? 'ok' : 'failed'], file: [null, outcome.file ?? null], trigger: [null, meta.trigger] },
    });
  });
}

/**
 * Runs one backup job with its record: a `running` row first, then ok or failed with what it
 * wrote or why it failed (never silent). Returns null when the slot was taken by another process.
 */
export async function recordedRun<T>(deps: Deps, meta: RunMeta, work: () => Promise<{ value: T; outcome: RunOutcome }>): Promise<T | null> {
  const started = performance.now();
  const id = await startRun(deps, meta);
  if (id === null) return null;
  let result: { value: T; outcome: RunOutcome };
  try {
    result = await work();
  } catch (error) {
    await finishRun(deps, id, meta, { ok: false, ...runError(error) }, started);
    throw fileSystemError(error) ?? error;
  }
  await finishRun(deps, id, meta, result.outcome, started);
  return result.value;
}

/** A run that replaced the table it would be recorded in (a restore): written once it is over. False when its slot was taken. */
export async function recordFinishedRun(deps: Deps, meta: RunMeta, outcome: RunOutcome, startedMs: number): Promise<boolean> {
  const id = await startRun(deps, meta);
  if (id !== null) await finishRun(deps, id, meta, outcome, startedMs);
  return id !== null;
}
