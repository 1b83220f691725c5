import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, codedError } from '../../domain/errors.ts';
import type { ImportJobShape } from '../../domain/import-job.ts';
import { DEFAULT_MATCH_ON, type ImportType, type MatchKey, type OnCompany, type OnInvalidValue } from '../../domain/import-mapping.ts';
import { inTransaction, nowIso, type Ctx, type Deps } from '../context.ts';
import { collectGarbageOverBudget } from '../memory.ts';
import { openTable, type TableRow } from '../files/open-table.ts';
import { insertRows } from '../records/insert-batches.ts';
import { deferIndexes, hasDeferredIndexes, restoreDeferredIndexes, shouldDeferIndexes, type IndexBuild } from './bulk-load.ts';
import { customerBatch, prepareCustomerRows } from './customer-batch.ts';
import { batchesOf, type BatchHandler, type BatchPreparer, type BatchResult, type ImportSettings, type ImportState, type RowError, type SourceRow } from './import-batch.ts';
import { claimJob, firstErrors, jobActor, toImportJob, type ImportJobRow } from './import-jobs.repository.ts';
import { contactBatch, interactionBatch, orderBatch } from './record-batches.ts';

export const HANDLERS: Record<ImportType, BatchHandler> = { customers: customerBatch, contacts: contactBatch, orders: orderBatch, interactions: interactionBatch };
export const PREPARERS: Partial<Record<ImportType, BatchPreparer>> = { customers: prepareCustomerRows };
export const DEFAULT_BATCH_SIZE = 5_000;
const CUSTOM_ENTITY: Record<ImportType, 'customer' | 'contact' | 'order' | null> = { customers: 'customer', contacts: 'contact', orders: 'order', interactions: null };

export interface ImportProgress {
  /** `indexing`: every row is in; the indexes a large import deferred are being built */
  phase: 'rows' | 'indexing';
  rows: number;
  estimatedRows: number | null;
  rate: number;
  counts: { created: number; updated: number; skipped: number; invalid: number };
}

/** What a job keeps in `options`, besides the duplicate handling. */
export interface StoredOptions {
  onDuplicate?: 'skip' | 'update' | 'create';
  updateMode?: 'fill' | 'overwrite';
  matchOn?: MatchKey[];
  createCustomFields?: boolean;
  onInvalidValue?: OnInvalidValue;
  onCompany?: OnCompany;
  encoding?: string;
  sheet?: string;
  delimiter?: string;
  format?: 'csv' | 'xlsx' | 'vcard';
  batchSize?: number;
  /** the file's headers when the job started, for the error file */
  headers?: string[];
}

export async function newState(deps: Pick<Deps, 'db'>, type: ImportType, dryRun: boolean): Promise<ImportState> {
  const entity = CUSTOM_ENTITY[type];
  const defs = entity === null ? [] : await deps.db.selectFrom('custom_field_defs').select(['key', 'type']).where('entity', '=', entity).where('deleted_at', 'is', null).execute();
  return { seen: dryRun ? new Set() : null, contactSeen: dryRun ? new Set() : null, owners: new Map(), customers: new Map(), customTypes: new Map(defs.map((d) => [d.key, d.type])) };
}

export function settingsOf(type: ImportType, headers: string[], columns: Record<string, string | null>, options: StoredOptions, jobId: number | null, dryRun: boolean): ImportSettings {
  return {
    type,
    headers,
    columns,
    onDuplicate: options.onDuplicate ?? 'skip',
    updateMode: options.updateMode ?? 'fill',
    matchOn: options.matchOn ?? DEFAULT_MATCH_ON[type],
    jobId,
    dryRun,
    onInvalidValue: options.onInvalidValue ?? 'skip-row',
    onCompany: options.onCompany ?? 'link',
  };
}

const bytesOf = (rows: SourceRow[]) => rows.reduce((sum, r) => sum + Buffer.byteLength(r.values.join(',')) + 2, 0);

async function commitBatch(ctx: Ctx, job: ImportJobRow, settings: ImportSettings, state: ImportState, batch: SourceRow[], extra: { rate: number; estimate: number | null }): Promise<BatchResult> {
  const prepared = await PREPARERS[job.type]?.(ctx, batch, settings, state);
  return inTransaction(ctx, async (tx) => {
    const result = await HANDLERS[job.type](tx, batch, settings, state, prepared);
    result.errors.sort((a, b) => a.row - b.row);
    const jobId = Number(job.id);
    await insertRows(tx.db, 'import_job_records', result.records.map((r) => ({ ...r, job_id: jobId })));
    await insertRows(tx.db, 'import_job_errors', result.errors.map((e) => ({ job_id: jobId, row: e.row, column: e.column, reason: e.reason, cells: JSON.stringify(e.cells.map((c) => c.replaceAll('\u0000', ''))), ...storedCode(e) })));
    const last = batch.at(-1) as SourceRow;
    const now = nowIso(tx);
    const moved = await tx.db
      .updateTable('import_jobs')
      .set((eb) => ({
        last_row: last.row,
        rows_read: eb('rows_read', '+', batch.length),
        created_count: eb('created_count', '+', result.created),
        updated_count: eb('updated_count', '+', result.updated),
        skipped_count: eb('skipped_count', '+', result.skipped),
        invalid_count: eb('invalid_count', '+', result.invalid),
        contacts_created: eb('contacts_created', '+', result.contacts),
        dropped_count: eb('dropped_count', '+', result.dropped),
        rate: extra.rate,
        rows_estimate: extra.estimate,
        updated_at: now,
      }))
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .where('last_row', '<', batch[0]?.row ?? 0)
      .executeTakeFirst();
    // Another process resumed this job meanwhile: roll this batch back rather than write it twice.
    if (Number(moved.numUpdatedRows) !== 1) throw codedError('conflict', 'import.moved_on', { id: jobId });
    return result;
  });
}

export interface RunOptions {
  onProgress?: (progress: ImportProgress) => void;
  /** test and throttling hook: wait this long after each committed batch */
  pauseMs?: number;
  /** estimated rows from which the load defers its indexes (default BULK_LOAD_MIN_ROWS) */
  bulkLoadMinRows?: number;
}

/**
 * Reads the job's file from just after its last committed row and commits it batch by batch;
 * a large load defers its indexes (runImportJob builds them). Returns the rows read in all.
 */
interface Loaded {
  rows: number;
  rate: number;
  counts: ImportProgress['counts'];
}

async function loadFile(deps: Deps, ctx: Ctx, job: ImportJobRow, options: RunOptions): Promise<Loaded> {
  const stored = deps.dialect.parseJson<StoredOptions>(job.options);
  const columns = deps.dialect.parseJson<Record<string, string | null>>(job.mapping);
  const size = (await stat(job.file_path).catch(() => null))?.size;
  if (size === undefined) throw codedError('not_found', 'import.file_gone', { id: job.id, path: job.file_path });
  if (size !== Number(job.file_size)) throw codedError('conflict', 'import.file_changed', { id: job.id, before: Number(job.file_size), after: size });
  const table = await openTable({ path: job.file_path, ...pick(stored) });
  const jobId = Number(job.id);
  const settings = settingsOf(job.type, table.meta.headers, columns, stored, jobId, false);
  const state = await newState(deps, job.type, false);
  const orderNoAt = Object.entries(columns).find(([, f]) => f === 'orderNo')?.[0];
  const groupAt = job.type === 'orders' && orderNoAt !== undefined ? table.meta.headers.indexOf(orderNoAt) : -1;
  const groupOf = groupAt >= 0 ? (r: TableRow) => r.values[groupAt] ?? '' : null;
  const counts = { created: Number(job.created_count), updated: Number(job.updated_count), skipped: Number(job.skipped_count), invalid: Number(job.invalid_count) };
  let rows = Number(job.rows_read);
  let runRows = 0;
  let bytes = 0;
  const started = performance.now();
  const rateNow = () => Math.round(runRows / Math.max(0.001, (performance.now() - started) / 1000));
  // A resumed large import finds its indexes deferred already.
  let deferred = await hasDeferredIndexes(deps, jobId);
  for await (const batch of batchesOf(table.rows, Number(job.last_row), stored.batchSize ?? DEFAULT_BATCH_SIZE, groupOf)) {
    bytes += bytesOf(batch);
    runRows += batch.length;
    const estimate = Math.max(rows + batch.length, Math.round(size / (bytes / runRows)));
    if (!deferred && runRows === batch.length && (await shouldDeferIndexes(deps, job.type, settings.onDuplicate, estimate - rows, options.bulkLoadMinRows))) {
      // Deferring only saves time: if the indexes cannot be dropped now (locked), load with them.
      deferred = (await deferIndexes(deps, jobId, job.type, settings.matchOn).catch(() => 0)) > 0;
    }
    const rate = rateNow();
    const result = await commitBatch(ctx, job, settings, state, batch, { rate, estimate });
    rows += batch.length;
    counts.created += result.created;
    counts.updated += result.updated;
    counts.skipped += result.skipped;
    counts.invalid += result.invalid;
    options.onProgress?.({ phase: 'rows', rows, estimatedRows: estimate, rate, counts: { ...counts } });
    // The batch is garbage now: keep resident memory flat however long the file.
    collectGarbageOverBudget();
    if (options.pauseMs) await sleep(options.pauseMs);
  }
  return { rows, rate: rateNow(), counts };
}

/**
 * Loads the file, then builds the indexes the load deferred (and any an earlier, stopped load
 * left): after a failure too, so lists and search do not stay slow. Returns the rows read and
 * why any index could not be built.
 */
async function loadAndIndex(deps: Deps, ctx: Ctx, job: ImportJobRow, options: RunOptions): Promise<{ rows: number; unbuilt: IndexBuild['failed'] }> {
  const jobId = Number(job.id);
  let loaded: Loaded;
  try {
    loaded = await loadFile(deps, ctx, job, options);
  } catch (error) {
    await restoreDeferredIndexes(deps, { jobId }).catch(() => undefined);
    throw error;
  }
  const { rows, rate, counts } = loaded;
  const build = await restoreDeferredIndexes(deps, { jobId, onIndex: () => options.onProgress?.({ phase: 'indexing', rows, estimatedRows: rows, rate, counts: { ...counts } }) });
  return { rows, unbuilt: build.failed };
}

/**
 * Runs (or resumes) an import job: reads its file from just after the last committed row and
 * commits each batch together with the job's `last_row`, so a crash at any point loses and
 * repeats nothing. A file that fits in one batch lands in one transaction.
 */
export async function runImportJob(deps: Deps, jobId: number, options: RunOptions = {}): Promise<ImportJobShape> {
  // An import writes until its last row: a restore waits for it (or, past its wait, is refused).
  const release = deps.writeGate?.hold();
  try {
    return await importJob(deps, jobId, options);
  } finally {
    release?.();
  }
}

async function importJob(deps: Deps, jobId: number, options: RunOptions): Promise<ImportJobShape> {
  const startedAt = nowIso(deps);
  const job = await claimJob(deps, jobId, startedAt);
  const ctx: Ctx = { ...deps, actor: await jobActor(deps, job).catch(async (error: unknown) => fail(deps, jobId, error)) };
  try {
    const { rows, unbuilt } = await deps.dialect.forBulkLoad(() => loadAndIndex(deps, ctx, job, options));
    // Every row is in: the job is done even if an index could not be built; the record of it stays for a retry.
    const first = unbuilt[0];
    const note = first === undefined ? null : `every row is in, but ${unbuilt.length} deferred index(es) could not be built (${first.name}: ${first.error}); kehu serve builds them when it next starts`;
    const now = nowIso(deps);
    await deps.db.updateTable('import_jobs').set({ status: 'done', error: note, finished_at: now, updated_at: now, runner: null, rows_estimate: rows }).where('id', '=', jobId).execute();
  } catch (error) {
    await fail(deps, jobId, error);
  }
  const row = await deps.db.selectFrom('import_jobs').selectAll().where('id', '=', jobId).executeTakeFirstOrThrow();
  return toImportJob(deps, row, await firstErrors(deps, jobId));
}

const pick = (o: StoredOptions) => ({
  ...(o.format ? { format: o.format } : {}),
  ...(o.encoding ? { encoding: o.encoding } : {}),
  ...(o.sheet ? { sheet: o.sheet } : {}),
  ...(o.delimiter ? { delimiter: o.delimiter } : {}),
});
export { pick as tableOptions };

async function fail(deps: Deps, jobId: number, error: unknown): Promise<never> {
  const now = nowIso(deps);
  const message = error instanceof AppError ? error.message : `unexpected error: ${(error as Error).message ?? String(error)}`;
  await deps.db.updateTable('import_jobs').set({ status: 'failed', error: message, finished_at: now, updated_at: now, runner: null }).where('id', '=', jobId).where('status', '=', 'running').execute();
  throw error;
}

/** A row error's code, its parameters and the field it names (when no column does), as stored beside the English reason. */
function storedCode(e: RowError): { code?: string; params?: string } {
  if (!e.code) return {};
  return { code: e.code, params: JSON.stringify({ ...e.params, ...(e.field ? { '@field': e.field } : {}) }) };
}
