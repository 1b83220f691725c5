import { hostname } from 'node:os';
import type { Selectable } from 'kysely';
import { notFound, codedError } from '../../domain/errors.ts';
import { storedReason, type ImportJobShape } from '../../domain/import-job.ts';
import type { MessageParams } from '../../domain/messages.ts';
import type { Actor, Ctx, Deps } from '../context.ts';
import type { ImportJobTable } from '../db/schema.ts';
import { actorOfUser } from '../access/actor-of-user.ts';
import { CONSOLE_ACTOR } from '../access/console-actor.ts';

export type ImportJobRow = Selectable<ImportJobTable>;

export const FIRST_ERRORS = 20;

/** Jobs the actor may see: an admin all of them, everyone else their own. */
export const jobsQuery = (ctx: Ctx) =>
  ctx.db.selectFrom('import_jobs').$if(ctx.actor.role !== 'admin', (q) => q.where('created_by', '=', ctx.actor.userId));

export async function findJobRow(ctx: Ctx, id: number): Promise<ImportJobRow> {
  const row = await jobsQuery(ctx).selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('import', id);
  return row;
}

export function toImportJob(deps: Pick<Deps, 'dialect'>, row: ImportJobRow, errors: ImportJobShape['errors']): ImportJobShape {
  const rate = row.rate === null ? null : Number(row.rate);
  const estimate = row.rows_estimate === null ? null : Number(row.rows_estimate);
  const remaining = estimate === null ? null : Math.max(0, estimate - Number(row.rows_read));
  const isActive = row.status === 'running' || row.status === 'queued';
  return {
    id: Number(row.id),
    type: row.type,
    fileName: row.file_name,
    status: row.status,
    mapping: deps.dialect.parseJson<Record<string, string | null>>(row.mapping),
    options: deps.dialect.parseJson<Record<string, unknown>>(row.options),
    counts: { created: Number(row.created_count), updated: Number(row.updated_count), skipped: Number(row.skipped_count), invalid: Number(row.invalid_count) },
    contactsCreated: Number(row.contacts_created),
    rowsWithDroppedValues: Number(row.dropped_count),
    progress: {
      rows: Number(row.rows_read),
      lastRow: Number(row.last_row),
      estimatedRows: estimate,
      rate,
      etaSeconds: isActive && rate && remaining !== null ? Math.round(remaining / rate) : isActive ? null : 0,
    },
    error: row.error,
    errors,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function firstErrors(deps: Pick<Deps, 'db' | 'dialect'>, jobId: number, limit = FIRST_ERRORS): Promise<ImportJobShape['errors']> {
  const rows = await deps.db.selectFrom('import_job_errors').select(['row', 'column', 'reason', 'code', 'params']).where('job_id', '=', jobId).orderBy('row').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ row: Number(r.row), column: r.column, reason: r.reason, ...storedReason(r.code, r.params === null ? null : deps.dialect.parseJson<MessageParams>(r.params)) }));
}

export async function loadJob(ctx: Ctx, id: number): Promise<ImportJobShape> {
  const row = await findJobRow(ctx, id);
  return toImportJob(ctx, row, await firstErrors(ctx, id));
}

/** This process, as recorded on the jobs it runs. */
export const thisRunner = (): string => `${hostname()}:${process.pid}`;

export function isAlive(runner: string | null): boolean {
  if (runner === null) return false;
  const [host, pid] = runner.split(':');
  if (host !== hostname()) return true; // another machine's process: assume it lives
  if (Number(pid) === process.pid) return true;
  try {
    process.kill(Number(pid), 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a job for this process: a queued or failed one, or a running one whose process has
 * died (kill -9, a crash, a power cut). Compare-and-set on the runner, so two processes
 * resuming the same job cannot both win.
 */
export async function claimJob(deps: Deps, id: number, now: string): Promise<ImportJobRow> {
  const row = await deps.db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('import', id);
  if (row.status === 'done' || row.status === 'reverted') throw codedError('conflict', 'import.nothing_to_resume', { id, status: row.status });
  if (row.status === 'running' && isAlive(row.runner)) throw codedError('conflict', 'import.running_elsewhere', { id, runner: String(row.runner) });
  const claimed = await deps.db
    .updateTable('import_jobs')
    .set({ status: 'running', runner: thisRunner(), started_at: now, updated_at: now, error: null, finished_at: null })
    .where('id', '=', id)
    .where('status', '=', row.status)
    .$if(row.runner === null, (q) => q.where('runner', 'is', null))
    .$if(row.runner !== null, (q) => q.where('runner', '=', row.runner as string))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw codedError('conflict', 'import.taken', { id });
  return { ...row, status: 'running', runner: thisRunner(), started_at: now };
}

/**
 * The actor a job runs as: the user who started it, with their role and teams as they are now,
 * or the console when it started the job as nobody in particular.
 */
export async function jobActor(deps: Deps, row: ImportJobRow): Promise<Actor> {
  const fromConsole = row.origin === 'console';
  if (fromConsole && row.created_by === null) return CONSOLE_ACTOR;
  const actor = await actorOfUser(deps, row.created_by, () => codedError('forbidden', 'import.starter_gone', { id: row.id }));
  return fromConsole ? { ...actor, origin: 'console' } : actor;
}

/** Jobs a crash left running (their process is gone) or that never started, oldest first. */
export async function interruptedJobs(deps: Deps): Promise<number[]> {
  const rows = await deps.db.selectFrom('import_jobs').select(['id', 'status', 'runner']).where('status', 'in', ['queued', 'running']).orderBy('id').execute();
  return rows.filter((r) => r.status === 'queued' || !isAlive(r.runner)).map((r) => Number(r.id));
}
