import { Readable } from 'node:stream';
import { abcReport } from '../analytics/abc-report.ts';
import { churnReport } from '../analytics/churn-report.ts';
import { clvReport } from '../analytics/clv-report.ts';
import { cohortReport } from '../analytics/cohort-report.ts';
import { forecastReport } from '../analytics/forecast-report.ts';
import { lifecycleReport } from '../analytics/lifecycle-report.ts';
import { rfmReport } from '../analytics/rfm-report.ts';
import { analysisFilename, type AnalysisExport, type AnalysisFormat } from '../../domain/analysis-export.ts';
import { CONTENT_TYPES } from '../../domain/export.ts';
import type { Language } from '../../domain/messages.ts';
import { reportSheetName } from '../../domain/report-sheets.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { csvChunks } from '../files/write-csv.ts';
import { xlsxStream } from '../files/write-xlsx.ts';
import { revenueReport } from '../reports/revenue-report.ts';
import { analysisTable, type AnalysisReports, type AnalysisTable, type Cell } from './analysis-tables.ts';
import { wordingOf, type ExportFile } from './export-file.ts';

/** Each analysis's use case, as the API and CLI call it. */
export const ANALYSES: { [K in AnalysisExport]: (ctx: Ctx, query: never) => Promise<AnalysisReports[K]> } = {
  rfm: rfmReport,
  abc: abcReport,
  clv: clvReport,
  churn: churnReport,
  forecast: forecastReport,
  cohorts: cohortReport,
  lifecycle: lifecycleReport,
  revenue: revenueReport,
};

/** Lists the analyses page; a file holds every row. */
const EVERY_ROW = Number.MAX_SAFE_INTEGER;

export interface AnalysisFileInput {
  format: AnalysisFormat;
  lang?: Language | undefined;
  timeZone?: string | undefined;
  onRows?: (rows: number) => void;
}

/**
 * One analysis as a CSV or XLSX file, computed with the same filters and access rules as its
 * JSON (every listed row, not one page), in the reader's language; one audit entry records it.
 */
export async function exportAnalysis<K extends AnalysisExport>(ctx: Ctx, name: K, query: Record<string, unknown>, input: AnalysisFileInput): Promise<ExportFile> {
  const words = await wordingOf(ctx, input);
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const report = await ANALYSES[name](ctx, { ...filters, limit: EVERY_ROW } as never);
  const users = name === 'churn' ? new Map((await ctx.db.selectFrom('users').select(['id', 'name']).execute()).map((u) => [Number(u.id), u.name])) : new Map<number, string>();
  const table = analysisTable(name, report, {
    language: input.lang ?? null,
    time: words.time,
    userName: (id) => (id === null ? '' : (users.get(id) ?? '')),
  });
  input.onRows?.(table.rows.length);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, { action: 'export', entity: 'analytics', entityId: null, changes: { report: [null, name], format: [null, input.format], filters: [null, filters], rows: [null, table.rows.length] } }),
  );
  const body = tableBody(table, input.format, reportSheetName(name, input.lang));
  return { filename: analysisFilename(name, input.format, words.day(ctx.clock.now())), contentType: CONTENT_TYPES[input.format], body };
}

/** A table of figures as the file's bytes: XLSX (one sheet named `sheet`) or CSV. */
export function tableBody(table: AnalysisTable, format: AnalysisFormat, sheet: string): Readable {
  return format === 'xlsx'
    ? xlsxStream(table.headers, rowsOf(table.rows, (c) => c ?? ''), sheet)
    : Readable.from(bytes(csvChunks(table.headers, rowsOf(table.rows, (c) => (c === null ? '' : String(c))))), { objectMode: false });
}

async function* rowsOf<T>(rows: Cell[][], cell: (c: Cell) => T): AsyncGenerator<T[]> {
  for (const row of rows) yield row.map(cell);
}

async function* bytes(chunks: AsyncIterable<string>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) yield Buffer.from(chunk, 'utf8');
}
