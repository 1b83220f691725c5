import { Type, type Static } from 'typebox';
import { IMPORT_TYPES, ImportOptions } from './import-mapping.ts';
import { formatMessage, type Language, type MessageCode, type MessageParams } from './messages.ts';
import { Id, Literals, Nullable, Timestamp } from './record.ts';

export const IMPORT_STATUSES = ['queued', 'running', 'done', 'failed', 'reverted'] as const;

export const ImportRowError = Type.Object({
  row: Type.Integer({ description: 'the row in the file, header = 1' }),
  column: Nullable(Type.String({ description: 'the file column at fault, when one is' })),
  reason: Type.String({ description: 'in English' }),
  code: Type.Optional(Type.String({ description: 'the reason as a message code (src/domain/messages.ts), for showing it in another language' })),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
  field: Type.Optional(Type.String({ description: 'the field the reason is about, when no column is' })),
});

/** A rejected row's reason in the language: from its code where it has one, else the English reason. */
export function importReason(language: Language, error: Pick<ImportRowErrorShape, 'reason' | 'code' | 'params' | 'field'>): string {
  const said = language === 'en' || !error.code ? null : formatMessage(language, error.code, error.params);
  if (said === null) return error.reason;
  const text = error.params?.[LEFT_OUT] ? (formatMessage(language, 'import.left_out', { reason: said }) ?? said) : said;
  return error.field ? `${error.field}${language === 'zh' ? '：' : ': '}${text}` : text;
}

/** The params' mark of a value left out of a row that was still imported (keep-row). */
export const LEFT_OUT = '@leftOut';

/** A value's problem when the value was left out and its row imported without it (keep-row): said so in English, and its code marked so. */
export function leftOut<T extends { message: string; code?: MessageCode; params?: MessageParams }>(problem: T): T {
  const message = formatMessage('en', 'import.left_out', { reason: problem.message }) ?? problem.message;
  return { ...problem, message, ...(problem.code ? { params: { ...problem.params, [LEFT_OUT]: 1 } } : {}) };
}

/** What a stored row error's code columns hold, back into the shape above. */
export function storedReason(code: string | null, params: MessageParams | null): Pick<ImportRowErrorShape, 'code' | 'params' | 'field'> {
  if (!code) return {};
  const { '@field': field, ...rest } = params ?? {};
  return { code, ...(Object.keys(rest).length > 0 ? { params: rest } : {}), ...(field !== undefined ? { field: String(field) } : {}) };
}

export const ImportCounts = Type.Object({
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer({ description: 'duplicates left alone' }),
  invalid: Type.Integer({ description: 'rows rejected; see errors' }),
});

/** Beside the counts: what a customer file's contact columns made, and rows kept without a bad value. */
const ImportExtras = {
  contactsCreated: Type.Integer({ description: 'contact people created from a customer file\'s contact columns (联系人 and the person\'s phone and e-mail)' }),
  rowsWithDroppedValues: Type.Integer({ description: 'rows imported without a bad value (onInvalidValue keep-row); each left-out value is in errors with its column' }),
};

export const LeftOutColumn = Type.Object({
  column: Type.String(),
  key: Type.String({ description: 'the custom field key keepUnknownColumns would keep it in' }),
});
const LeftOut = Type.Array(LeftOutColumn, { description: 'columns the mapping leaves out: not imported unless kept as custom fields (keepUnknownColumns)' });

export const ImportJob = Type.Object({
  id: Id,
  type: Literals(IMPORT_TYPES),
  fileName: Type.String(),
  status: Literals(IMPORT_STATUSES),
  mapping: Type.Record(Type.String(), Nullable(Type.String())),
  options: Type.Record(Type.String(), Type.Unknown()),
  counts: ImportCounts,
  ...ImportExtras,
  progress: Type.Object({
    rows: Type.Integer({ description: 'data rows done' }),
    lastRow: Type.Integer({ description: 'the last file row committed (header = 1); a resume starts after it' }),
    estimatedRows: Nullable(Type.Integer({ description: 'estimated from the file size' })),
    rate: Nullable(Type.Integer({ description: 'rows per second' })),
    etaSeconds: Nullable(Type.Integer()),
  }),
  error: Nullable(Type.String()),
  errors: Type.Array(ImportRowError, { description: 'the first rejected rows (all of them in errors.csv)' }),
  createdBy: Nullable(Id),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});

/** What a dry run found, without writing anything. */
export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  jobId: Nullable(Id),
  type: Literals(IMPORT_TYPES),
  format: Type.String(),
  encoding: Nullable(Type.String()),
  headers: Type.Array(Type.String()),
  mapping: Type.Record(Type.String(), Nullable(Type.String())),
  preset: Nullable(Type.String()),
  leftOut: LeftOut,
  rows: Type.Integer(),
  counts: ImportCounts,
  ...ImportExtras,
  errors: Type.Array(ImportRowError),
});

export const ImportPreview = Type.Object({
  format: Type.String(),
  encoding: Nullable(Type.String()),
  delimiter: Nullable(Type.String()),
  sheet: Nullable(Type.String()),
  sheets: Type.Array(Type.String()),
  headers: Type.Array(Type.String()),
  type: Literals(IMPORT_TYPES),
  mapping: Type.Record(Type.String(), Nullable(Type.String())),
  preset: Nullable(Type.String()),
  leftOut: LeftOut,
  firstRows: Type.Array(Type.Array(Type.String())),
  problems: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
  sample: Type.Object({ rows: Type.Integer(), counts: ImportCounts, ...ImportExtras, errors: Type.Array(ImportRowError) }, { description: 'a dry run of the first rows' }),
});

export const ImportStartOptions = ImportOptions;

export type ImportJobShape = Static<typeof ImportJob>;
export type ImportReportShape = Static<typeof ImportReport>;
export type ImportPreviewShape = Static<typeof ImportPreview>;
export type ImportRowErrorShape = Static<typeof ImportRowError>;
export type ImportCountsShape = Static<typeof ImportCounts>;
