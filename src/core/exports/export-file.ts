import { Readable } from 'node:stream';
import { validationError } from '../../domain/errors.ts';
import { exportFilename, CONTENT_TYPES, type ExportEntity, type ExportFormat } from '../../domain/export.ts';
import { exportWording, isTimeZone, zoneOfUtcOffset, type ExportWording } from '../../domain/export-language.ts';
import type { Language } from '../../domain/messages.ts';
import type { VcardPerson, VcardPoint } from '../../domain/vcard.ts';
import { labelTypes, pointLabel } from '../../domain/vcard-row.ts';
import { workspaceTimeValue } from '../analytics/analytics-offset.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { csvChunks } from '../files/write-csv.ts';
import { vcardChunks } from '../files/write-vcard.ts';
import { xlsxStream } from '../files/write-xlsx.ts';

export interface ExportFile {
  filename: string;
  contentType: string;
  /** the file's bytes, produced as they are read; the audit entry is written when it ends */
  body: Readable;
}

export interface ExportPlan<T> {
  entity: ExportEntity;
  format: ExportFormat;
  /** the filters as given, for the audit entry */
  filters: Record<string, unknown>;
  records: AsyncIterable<T>;
  headers: string[];
  /** the XLSX sheet's name (the entity when not given) */
  sheet?: string;
  /** the file name's date (ExportWording.day) */
  day: string;
  row: (record: T) => string[];
  person: (record: T) => VcardPerson;
  /** called every 1,000 records and once at the end with the total */
  onProgress?: ((rows: number, isDone: boolean) => void) | undefined;
}

export interface ExportOptions {
  onProgress?: (rows: number, isDone: boolean) => void;
}

/** Turns a stream of records into the file, and records one `export` audit entry once it ends. */
export function exportFile<T>(ctx: Ctx, plan: ExportPlan<T>): ExportFile {
  const records = audited(ctx, plan);
  const map = async function* <U>(convert: (record: T) => U): AsyncGenerator<U> {
    for await (const record of records) yield convert(record);
  };
  let body: Readable;
  if (plan.format === 'xlsx') body = xlsxStream(plan.headers, map(plan.row), plan.sheet ?? plan.entity);
  else body = Readable.from(bytes(plan.format === 'csv' ? csvChunks(plan.headers, map(plan.row)) : vcardChunks(map(plan.person))), { objectMode: false });
  return { filename: exportFilename(plan.entity, plan.format, plan.day), contentType: CONTENT_TYPES[plan.format], body };
}

async function* bytes(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}

async function* audited<T>(ctx: Ctx, plan: ExportPlan<T>): AsyncGenerator<T> {
  let rows = 0;
  let isComplete = false;
  try {
    for await (const record of plan.records) {
      rows++;
      if (rows % 1000 === 0) plan.onProgress?.(rows, false);
      yield record;
    }
    isComplete = true;
    plan.onProgress?.(rows, true);
  } finally {
    await inTransaction(ctx, (tx) =>
      recordAudit(tx, {
        action: 'export',
        entity: plan.entity === 'customers' ? 'customer' : 'contact',
        entityId: null,
        changes: { format: [null, plan.format], filters: [null, plan.filters], rows: [null, rows], complete: [null, isComplete] },
      }),
    );
  }
}

/** Keyset pages of any list use case, one record at a time, starting from an already fetched first page. */
export async function* pagesOf<T>(first: { items: T[]; nextCursor: string | null }, next: (cursor: string) => Promise<{ items: T[]; nextCursor: string | null }>): AsyncGenerator<T> {
  let page = first;
  for (;;) {
    yield* page.items;
    if (!page.nextCursor) return;
    page = await next(page.nextCursor);
  }
}

type Page<T> = { items: T[]; nextCursor: string | null };

/** The page's records with their external ids (kept by imports), read by id from records already visible. */
export async function withExternalIds<T extends { id: number }>(ctx: Ctx, table: 'customers' | 'contacts', page: Page<T>): Promise<Page<T & { externalId: string | null }>> {
  const ids = page.items.map((item) => item.id);
  const rows = ids.length === 0 ? [] : await ctx.db.selectFrom(table).select(['id', 'external_id']).where('id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [Number(row.id), row.external_id]));
  return { items: page.items.map((item) => ({ ...item, externalId: byId.get(item.id) ?? null })), nextCursor: page.nextCursor };
}

/**
 * The wording of an export from its `lang` and `timeZone` (a zone this system does not know is a
 * 400 naming timeZone). Without one, times are the server's KEHU_TIME_ZONE, else the workspace's:
 * the zone an admin chose (its clock, summer time included), else the offset where analytics' days
 * begin (UTC+8 unless an admin set it), so that a Chinese workspace on a server kept in UTC still
 * gets its own times.
 */
export async function wordingOf(ctx: Ctx, input: { lang?: Language | undefined; timeZone?: string | undefined }): Promise<ExportWording> {
  const workspace = input.timeZone === undefined && ctx.settings.timeZone === undefined ? await workspaceTimeValue(ctx) : null;
  const timeZone = input.timeZone ?? ctx.settings.timeZone ?? (workspace && (workspace.timeZone ?? zoneOfUtcOffset(workspace.utcOffset))) ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(timeZone)) {
    throw validationError([{ field: 'timeZone', message: `is not a time zone such as Asia/Shanghai or UTC: "${timeZone}"`, code: 'field.time_zone', params: { value: timeZone } }]);
  }
  return exportWording(input.lang ?? null, timeZone, ctx.settings.defaultRegion);
}

/** A custom value as one cell: lists joined by "; ". */
export function customText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(customText).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * A phone or e-mail as a vCard writes it: the label as TYPE words when they say it exactly (work
 * fax → TYPE="work,fax"), otherwise also as the device label X-ABLabel (手机, Assistant), so a
 * kehu or iPhone reading the file back gets the same label.
 */
export function vcardPoint(kind: 'phone' | 'email', point: { value: string; label: string | null }): VcardPoint {
  const label = point.label?.trim() ?? '';
  if (label === '') return { value: point.value };
  const types = labelTypes(label, kind);
  if (types.length > 0 && pointLabel(types) === label) return { value: point.value, types };
  const guessed = kind === 'phone' ? phoneTypes(label) : [];
  return { value: point.value, ...(guessed.length > 0 ? { types: guessed } : {}), label };
}

/** Text fields several values share, joined by "; " (titles, departments, websites). */
export const splitJoined = (text: string | null): string[] => (text ? text.split('; ').map((t) => t.trim()).filter((t) => t !== '') : []);

/** A phone's vCard TYPE from its free-text label (mobile, 手机, work, 办公…). */
export function phoneTypes(label: string | null): string[] {
  if (!label) return [];
  if (/mobile|cell|手机|移动/i.test(label)) return ['cell'];
  if (/fax|传真/i.test(label)) return ['fax'];
  if (/work|office|办公|公司|单位/i.test(label)) return ['work'];
  if (/home|家/i.test(label)) return ['home'];
  return [];
}
