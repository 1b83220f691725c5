import { validationError } from '../../domain/errors.ts';
import type { ImportPreviewShape, ImportReportShape } from '../../domain/import-job.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { batchesOf } from './import-batch.ts';
import { DEFAULT_BATCH_SIZE, HANDLERS, newState, settingsOf } from './run-import-job.ts';
import { createMissingCustomFields, prepareImport, type ImportRequest, type PreparedImport } from './start-import.ts';

/** Carries a dry run's result out of the transaction it rolls back. */
class RolledBack<T> extends Error {
  constructor(readonly result: T) {
    super('dry run rolled back');
  }
}

/**
 * The simulation, with the custom fields the import would create (createCustomFields,
 * keepUnknownColumns) made for it inside a transaction that is then rolled back: the rows are
 * checked as they will be, and nothing is written.
 */
async function simulateWithNewFields(ctx: Ctx, prepared: PreparedImport, request: ImportRequest, limit: number | null): Promise<Awaited<ReturnType<typeof simulate>>> {
  if (!request.options?.createCustomFields && !request.options?.keepUnknownColumns) return simulate(ctx, prepared, request, limit);
  try {
    return await inTransaction(ctx, async (tx) => {
      await createMissingCustomFields(tx, prepared.type, prepared.columns);
      throw new RolledBack(await simulate(tx, prepared, request, limit));
    });
  } catch (error) {
    if (error instanceof RolledBack) return error.result as Awaited<ReturnType<typeof simulate>>;
    throw error;
  }
}

const MAX_REPORTED_ERRORS = 1_000;
const PREVIEW_ROWS = 10;
const SAMPLE_ROWS = 200;

async function simulate(ctx: Ctx, prepared: PreparedImport, request: ImportRequest, limit: number | null) {
  const { table, type, columns } = prepared;
  const settings = settingsOf(type, table.meta.headers, columns, request.options ?? {}, null, true);
  const state = await newState(ctx, type, true);
  const counts = { created: 0, updated: 0, skipped: 0, invalid: 0 };
  const extras = { contactsCreated: 0, rowsWithDroppedValues: 0 };
  const errors: ImportReportShape['errors'] = [];
  const firstRows: string[][] = [];
  let rows = 0;
  const size = limit === null ? (request.options?.batchSize ?? DEFAULT_BATCH_SIZE) : Math.min(limit, DEFAULT_BATCH_SIZE);
  for await (const batch of batchesOf(table.rows, 0, size, null)) {
    const take = limit === null ? batch : batch.slice(0, limit - rows);
    for (const r of take) if (firstRows.length < PREVIEW_ROWS) firstRows.push(r.values);
    const result = await HANDLERS[type](ctx, take, settings, state);
    rows += take.length;
    counts.created += result.created;
    counts.updated += result.updated;
    counts.skipped += result.skipped;
    counts.invalid += result.invalid;
    extras.contactsCreated += result.contacts;
    extras.rowsWithDroppedValues += result.dropped;
    for (const e of result.errors.sort((a, b) => a.row - b.row)) if (errors.length < MAX_REPORTED_ERRORS) errors.push({ row: e.row, column: e.column, reason: e.reason, ...(e.code ? { code: e.code, ...(e.params ? { params: e.params } : {}), ...(e.field ? { field: e.field } : {}) } : {}) });
    if (limit !== null && rows >= limit) break;
  }
  return { rows, counts, ...extras, errors, firstRows };
}

/** What an import would do — new, updated, skipped as duplicates, invalid with row, column and reason — writing nothing. */
export async function dryRunImport(ctx: Ctx, request: ImportRequest): Promise<ImportReportShape> {
  const prepared = await prepareImport(ctx, request);
  if (prepared.problems.length > 0) throw validationError(prepared.problems, `the mapping does not fit the file: ${prepared.problems[0]?.field}: ${prepared.problems[0]?.message}`);
  const result = await simulateWithNewFields(ctx, prepared, request, null);
  const meta = prepared.table.meta;
  return {
    dryRun: true,
    jobId: null,
    type: prepared.type,
    format: meta.format,
    encoding: meta.encoding,
    headers: meta.headers,
    mapping: prepared.columns,
    preset: prepared.preset,
    leftOut: prepared.leftOut,
    rows: result.rows,
    counts: result.counts,
    contactsCreated: result.contactsCreated,
    rowsWithDroppedValues: result.rowsWithDroppedValues,
    errors: result.errors,
  };
}

/** The import wizard's first look: encoding, headers, the guessed mapping, first rows, and a dry run of the first rows. */
export async function previewImport(ctx: Ctx, request: ImportRequest): Promise<ImportPreviewShape> {
  const prepared = await prepareImport(ctx, request);
  const meta = prepared.table.meta;
  const sample = prepared.problems.length > 0 ? { rows: 0, counts: { created: 0, updated: 0, skipped: 0, invalid: 0 }, contactsCreated: 0, rowsWithDroppedValues: 0, errors: [], firstRows: [] as string[][] } : await simulate(ctx, prepared, request, SAMPLE_ROWS);
  let firstRows = sample.firstRows;
  if (prepared.problems.length > 0) {
    const reopened = await prepareImport(ctx, request);
    firstRows = [];
    for await (const r of reopened.table.rows) {
      firstRows.push(r.values);
      if (firstRows.length >= PREVIEW_ROWS) break;
    }
  }
  return {
    format: meta.format,
    encoding: meta.encoding,
    delimiter: meta.delimiter,
    sheet: meta.sheet,
    sheets: meta.sheets,
    headers: meta.headers,
    type: prepared.type,
    mapping: prepared.columns,
    preset: prepared.preset,
    leftOut: prepared.leftOut,
    firstRows,
    problems: prepared.problems,
    sample: { rows: sample.rows, counts: sample.counts, contactsCreated: sample.contactsCreated, rowsWithDroppedValues: sample.rowsWithDroppedValues, errors: sample.errors.slice(0, 50) },
  };
}
