import type { FieldError } from '../../domain/errors.ts';
import type { MessageCode, MessageParams } from '../../domain/messages.ts';
import type { CellError, ColumnMap, ConvertedRow, ImportType, MatchKey, OnCompany, OnDuplicate, OnInvalidValue } from '../../domain/import-mapping.ts';
import type { Ctx } from '../context.ts';
import type { TableRow } from '../files/open-table.ts';
import type { Resolved } from './resolve-refs.ts';

/** One data row of the file: its row number as the user sees it (header = 1) and its cells. */
export interface SourceRow {
  row: number;
  values: string[];
}

/** A cell error's code and parameters for a row error, when it has them. */
export const cellCode = (e: CellError): Pick<RowError, 'code' | 'params'> => (e.code ? { code: e.code, ...(e.params ? { params: e.params } : {}) } : {});

export interface RowError {
  row: number;
  column: string | null;
  /** in English */
  reason: string;
  /** the reason as a message code, for the importer's language; `field` names what it is about when no column is */
  code?: MessageCode;
  params?: MessageParams;
  field?: string;
  cells: string[];
}

export interface JobRecord {
  entity: 'customer' | 'contact' | 'order' | 'interaction';
  entity_id: number;
  action: 'create' | 'update';
  before: string | null;
  row: number;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  /** contact people made from a customer file's contact columns */
  contacts: number;
  /** rows imported without a bad value (keep-row) */
  dropped: number;
  records: JobRecord[];
  errors: RowError[];
}

/** What every batch of one import needs to know. */
export interface ImportSettings {
  type: ImportType;
  headers: string[];
  columns: ColumnMap;
  onDuplicate: OnDuplicate;
  updateMode: 'fill' | 'overwrite';
  matchOn: MatchKey[];
  /** null in a dry run */
  jobId: number | null;
  dryRun: boolean;
  /** keep-row: import a row without its bad optional values; skip-row: reject the row */
  onInvalidValue: OnInvalidValue;
  /** contacts: link a row's company to a customer (created if none is visible), or keep it as text */
  onCompany: OnCompany;
}

/** What one import remembers between its batches. */
export interface ImportState {
  /** dry runs only: keys of rows that would be created, so later batches see duplicates in the file */
  seen: Set<string> | null;
  /** the same for the contact people of a customer file */
  contactSeen: Set<string> | null;
  owners: Map<string, Resolved>;
  customers: Map<string, Resolved>;
  /** custom field key → type, for the import's entity */
  customTypes: Map<string, string>;
}

/** Writes (or, in a dry run, plans) one batch; `prepared` is what a BatchPreparer made of the rows beforehand. */
export type BatchHandler = (ctx: Ctx, rows: SourceRow[], settings: ImportSettings, state: ImportState, prepared?: unknown) => Promise<BatchResult>;
/** The CPU-heavy, read-only part of a batch, run before its write transaction opens so the database stays free meanwhile. */
export type BatchPreparer = (ctx: Ctx, rows: SourceRow[], settings: ImportSettings, state: ImportState) => Promise<unknown>;

/** The context for writing one file row: its audit entries name the import and the row. */
export const rowCtx = (ctx: Ctx, s: ImportSettings, row: number): Ctx => (s.jobId === null ? ctx : { ...ctx, auditNote: { importJob: [null, s.jobId], row: [null, row] } });

export const emptyResult = (): BatchResult => ({ created: 0, updated: 0, skipped: 0, invalid: 0, contacts: 0, dropped: 0, records: [], errors: [] });

/** The file column a validation error's field came from: phones[1].value → the phones column. */
export function columnOfField(field: string, converted: ConvertedRow): string | null {
  const custom = /^custom\.(\w+)/.exec(field);
  if (custom) return converted.columnOf[`custom:${custom[1]}`] ?? null;
  const point = /^(phones|emails|contactPhones|contactEmails)\[(\d+)\]/.exec(field);
  const pointColumn = point ? converted.pointColumns[point[1] as string]?.[Number(point[2])] : undefined;
  if (pointColumn !== undefined) return pointColumn;
  const base = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
  const alias: Record<string, string> = { ownerId: 'owner', customerId: 'customer', items: 'product' };
  return converted.columnOf[base] ?? converted.columnOf[alias[base] ?? ''] ?? null;
}

export function rowErrors(source: SourceRow, converted: ConvertedRow, errors: FieldError[]): RowError[] {
  return errors.map((e) => {
    const column = columnOfField(e.field, converted);
    const coded = e.code ? { code: e.code, ...(e.params ? { params: e.params } : {}), ...(column === null ? { field: e.field } : {}) } : {};
    return { row: source.row, column, reason: column === null ? `${e.field}: ${e.message}` : e.message, ...coded, cells: source.values };
  });
}

/** Runs `work` and turns a validation error it throws into row errors instead. */
export async function catchRowErrors<T>(work: () => Promise<T>): Promise<T | FieldError[]> {
  try {
    return await work();
  } catch (error) {
    const e = error as { code?: string; errors?: FieldError[]; message?: string; messageCode?: MessageCode; params?: MessageParams };
    if (e.code === 'validation' || e.code === 'forbidden' || e.code === 'not_found' || e.code === 'conflict') {
      return e.errors && e.errors.length > 0 ? e.errors : [{ field: 'row', message: e.message ?? 'rejected', ...(e.messageCode ? { code: e.messageCode, params: e.params ?? {} } : {}) }];
    }
    throw error;
  }
}

/** Whether a value counts as empty for "fill empty fields". */
export const isEmpty = (value: unknown): boolean =>
  value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', '是', '有', '对', '√']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '否', '无', '不', '×']);

/** Custom values from text cells, typed by their field definitions; unknown keys pass through (the record's check names them). */
export function typedCustom(custom: Record<string, string>, types: Map<string, string>): { values: Record<string, unknown>; errors: FieldError[] } {
  const values: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  for (const [key, cell] of Object.entries(custom)) {
    const type = types.get(key);
    if (type === 'number') {
      const n = Number(cell.replace(/[,\s]/g, ''));
      if (Number.isFinite(n)) values[key] = n;
      else errors.push({ field: `custom.${key}`, message: `not a number: "${cell}"`, code: 'cell.number', params: { value: cell } });
    } else if (type === 'boolean') {
      const word = cell.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) values[key] = true;
      else if (FALSE_WORDS.has(word)) values[key] = false;
      else errors.push({ field: `custom.${key}`, message: `not yes or no: "${cell}"`, code: 'cell.yes_no', params: { value: cell } });
    } else if (type === 'multiselect') {
      values[key] = cell.split(/\s*[;,，；、|]\s*/).filter(Boolean);
    } else {
      values[key] = cell;
    }
  }
  return { values, errors };
}

/**
 * Rows in batches of about `size`, after row `after`; rows of one group (an order's items)
 * stay in one batch.
 */
export async function* batchesOf(rows: AsyncIterable<TableRow>, after: number, size: number, groupOf: ((r: TableRow) => string) | null): AsyncGenerator<SourceRow[]> {
  let batch: SourceRow[] = [];
  let lastGroup: string | null = null;
  for await (const r of rows) {
    if (r.row <= after) continue;
    const group = groupOf ? groupOf(r) : null;
    if (batch.length >= size && (group === null || group === '' || group !== lastGroup)) {
      yield batch;
      batch = [];
    }
    batch.push({ row: r.row, values: r.values });
    lastGroup = group;
  }
  if (batch.length > 0) yield batch;
}
