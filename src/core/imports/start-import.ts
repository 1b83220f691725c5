import { stat } from 'node:fs/promises';
import { codedField, type FieldError, isAppError, validationError } from '../../domain/errors.ts';
import type { ImportJobShape } from '../../domain/import-job.ts';
import { checkMapping, customKeys, guessMapping, IMPORT_TYPES, type ColumnMap, type ImportOptionsShape, type ImportType } from '../../domain/import-mapping.ts';
import { leftOutColumns, type LeftOutColumn } from '../../domain/import-left-out.ts';
import { detectPreset } from '../../domain/import-presets.ts';
import { assertCanWrite } from '../access/writes.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { createCustomField } from '../custom-fields/create-custom-field.ts';
import { openTable, type OpenedTable } from '../files/open-table.ts';
import { loadJob } from './import-jobs.repository.ts';
import { tableOptions, type StoredOptions } from './run-import-job.ts';

export interface ImportRequest {
  filePath: string;
  /** shown in lists; defaults to the path's last part */
  fileName?: string;
  type?: ImportType;
  /** header → field or null; headers it leaves out are guessed */
  columns?: ColumnMap;
  options?: ImportOptionsShape & Omit<StoredOptions, keyof ImportOptionsShape>;
}

export interface PreparedImport {
  table: OpenedTable;
  type: ImportType;
  columns: ColumnMap;
  preset: string | null;
  /** columns not placed (after keepUnknownColumns, none but those the request left out by name) */
  leftOut: LeftOutColumn[];
  problems: FieldError[];
}

const CUSTOM_ENTITY = { customers: 'customer', contacts: 'contact', orders: 'order', interactions: null } as const;

/** Which import type a file's headers suggest, when none is given: the one whose guess maps the most columns. */
function guessType(headers: string[]): ImportType {
  const preset = detectPreset(headers);
  if (preset) return preset.type;
  let best: { type: ImportType; score: number } = { type: 'customers', score: -Infinity };
  for (const type of IMPORT_TYPES) {
    const { columns } = guessMapping(type, headers);
    const score = Object.values(columns).filter(Boolean).length - checkMapping(type, columns, headers).length * 100;
    if (score > best.score) best = { type, score };
  }
  return best.type;
}

/** Opens the file and settles the type and mapping: the request's entries over the guess. */
export async function prepareImport(ctx: Ctx, request: ImportRequest): Promise<PreparedImport> {
  const table = await openTable({ path: request.filePath, ...tableOptions(request.options ?? {}) }).catch((error: unknown) => {
    if (isAppError(error)) throw error;
    throw validationError([{ field: 'file', message: `cannot be read: ${(error as Error).message ?? String(error)}`, code: 'file.unreadable', params: { reason: (error as Error).message ?? String(error) } }]);
  });
  const headers = table.meta.headers;
  if (headers.length === 0) throw validationError([{ field: 'file', message: 'the file has no header row', code: 'file.no_header' }]);
  if (headers.some((h) => h.includes('\u0000'))) throw validationError([{ field: 'file', message: 'a header contains a NUL character; is this really a text file?', code: 'file.nul_header' }]);
  // An address book is people: a vCard file is contacts unless the request says otherwise.
  const type = request.type ?? (table.meta.format === 'vcard' ? 'contacts' : guessType(headers));
  const guess = guessMapping(type, headers);
  const columns: ColumnMap = { ...guess.columns, ...(request.columns ?? {}) };
  const entity = CUSTOM_ENTITY[type];
  if (entity !== null) await placeByLabel(ctx, entity, headers, columns, request.columns ?? {});
  const keep = Boolean(request.options?.keepUnknownColumns);
  // keepUnknownColumns keeps what the guess left out; a column the request set to null stays out.
  if (keep && entity !== null) for (const { column, key } of leftOutColumns(columns, headers)) if (request.columns?.[column] === undefined) columns[column] = `custom:${key}`;
  const problems = checkMapping(type, columns, headers);
  const keys = customKeys(columns);
  if (keys.length > 0 && entity !== null) {
    const known = new Set((await ctx.db.selectFrom('custom_field_defs').select('key').where('entity', '=', entity).where('deleted_at', 'is', null).execute()).map((d) => d.key));
    const missing = keys.filter((key) => !known.has(key));
    const creates = request.options?.createCustomFields || keep;
    for (const key of creates ? [] : missing) {
      const header = Object.entries(columns).find(([, f]) => f === `custom:${key}`)?.[0] ?? key;
      problems.push(codedField(`columns.${header}`, 'import.no_custom_field', { key, type }));
    }
    if (keep && missing.length > 0 && ctx.actor.role !== 'admin') problems.push(codedField('keepUnknownColumns', 'import.admin_creates_fields', { keys: missing.join(', ') }));
  } else if (keys.length > 0) {
    problems.push(codedField('columns', 'import.type_no_custom_fields', { type }));
  }
  return { table, type, columns, preset: request.columns ? null : guess.preset, leftOut: leftOutColumns(columns, headers), problems };
}

/**
 * A column the guess left out whose header is a custom field's label (an export for people names
 * custom fields by label) goes to that field; a label two fields share places nothing.
 */
async function placeByLabel(ctx: Ctx, entity: 'customer' | 'contact' | 'order', headers: string[], columns: ColumnMap, asked: ColumnMap): Promise<void> {
  const open = headers.filter((h) => !columns[h] && asked[h] === undefined);
  if (open.length === 0) return;
  const defs = await ctx.db.selectFrom('custom_field_defs').select(['key', 'label']).where('entity', '=', entity).where('deleted_at', 'is', null).execute();
  const fold = (text: string) => text.trim().toLowerCase();
  for (const header of open) {
    const matches = defs.filter((d) => fold(d.label) === fold(header));
    if (matches.length === 1) columns[header] = `custom:${(matches[0] as { key: string }).key}`;
  }
}

/** Creates the text custom fields the mapping names and nobody has defined yet (admins only, as by hand). */
export async function createMissingCustomFields(ctx: Ctx, type: ImportType, columns: ColumnMap): Promise<void> {
  const entity = CUSTOM_ENTITY[type];
  if (entity === null) return;
  for (const key of customKeys(columns)) {
    const exists = await ctx.db.selectFrom('custom_field_defs').select('id').where('entity', '=', entity).where('key', '=', key).where('deleted_at', 'is', null).executeTakeFirst();
    if (exists) continue;
    const header = Object.entries(columns).find(([, f]) => f === `custom:${key}`)?.[0] ?? key;
    await createCustomField(ctx, { entity, key, label: header.replace(/^custom[:.]\s*/i, '').slice(0, 100) || key, type: 'text' });
  }
}

/**
 * Makes an import job for a file: checks the mapping against the file's headers, creates the
 * custom fields it was asked to, and stores the job as queued. runImportJob does the work.
 */
export async function startImport(ctx: Ctx, request: ImportRequest): Promise<ImportJobShape> {
  assertCanWrite(ctx.actor);
  const prepared = await prepareImport(ctx, request);
  if (prepared.problems.length > 0) throw validationError(prepared.problems, `the mapping does not fit the file: ${prepared.problems[0]?.field}: ${prepared.problems[0]?.message}`);
  const size = (await stat(request.filePath)).size;
  const now = nowIso(ctx);
  const options: StoredOptions = { ...(request.options ?? {}) };
  const meta = prepared.table.meta;
  if (meta.encoding && !options.encoding) options.encoding = meta.encoding;
  if (meta.format) options.format = meta.format;
  if (meta.sheet && !options.sheet) options.sheet = meta.sheet;
  options.headers = meta.headers;
  const id = await inTransaction(ctx, async (tx) => {
    if (request.options?.createCustomFields || request.options?.keepUnknownColumns) await createMissingCustomFields(tx, prepared.type, prepared.columns);
    const row = await tx.db
      .insertInto('import_jobs')
      .values({
        type: prepared.type,
        file_name: request.fileName ?? request.filePath.split(/[\\/]/).pop() ?? request.filePath,
        file_path: request.filePath,
        file_size: size,
        status: 'queued',
        // vCard rows are numbered from 1 (the card), CSV and XLSX data rows from 2.
        last_row: 0,
        mapping: JSON.stringify(prepared.columns),
        options: JSON.stringify(options),
        created_by: ctx.actor.userId,
        origin: ctx.actor.origin ?? null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  return loadJob(ctx, id);
}
