import { displayName } from '../../domain/display-names.ts';
import type { BirthdaysShape, DashboardShape, StageDealsShape } from '../../domain/report.ts';
import { reportFilename, reportWord, type ReportExport } from '../../domain/report-export.ts';
import { CONTENT_TYPES } from '../../domain/export.ts';
import { reportSheetName } from '../../domain/report-sheets.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, type Ctx } from '../context.ts';
import { major, type AnalysisTable, type Cell } from './analysis-tables.ts';
import { tableBody, type AnalysisFileInput } from './export-analysis.ts';
import { wordingOf, type ExportFile } from './export-file.ts';

export interface ReportAnswers {
  dashboard: DashboardShape;
  pipeline: { items: StageDealsShape[] };
  birthdays: BirthdaysShape;
}

type Language = 'en' | 'zh' | null;

const pipelineRows = (stages: StageDealsShape[]): Cell[][] =>
  stages.flatMap((s) => (s.amounts.length === 0 ? [[s.name, s.probability, s.count, null, null]] : s.amounts.map((a) => [s.name, s.probability, s.count, a.currency, major(a.amount, a.currency)])));

/** One report as a table: the dashboard as one long table, a row per figure, its part named in the first column. */
export function reportTable<K extends ReportExport>(name: K, answer: ReportAnswers[K], language: Language): AnalysisTable {
  const w = (english: string) => reportWord(language, english);
  if (name === 'pipeline') {
    return { headers: ['Stage', 'Probability (%)', 'Deals', 'Currency', 'Amount'].map(w), rows: pipelineRows((answer as ReportAnswers['pipeline']).items) };
  }
  if (name === 'birthdays') {
    const b = answer as ReportAnswers['birthdays'];
    return {
      headers: ['Contact', 'Customer', 'Kehu id', 'Birthday', 'Next birthday', 'In days'].map(w),
      rows: b.items.map((i) => [i.name, i.customerName, i.customerId, i.birthday, i.next.date, i.next.inDays]),
    };
  }
  const d = answer as ReportAnswers['dashboard'];
  const stage = (s: string) => (language === null ? s : displayName(language, 'stages', s));
  return {
    headers: ['Part', 'Month', 'Stage', 'Customer', 'Kehu id', 'Currency', 'Customers', 'Orders', 'Open deals', 'Amount'].map(w),
    rows: [
      ...d.funnel.map((f): Cell[] => [w('Funnel'), null, stage(f.stage), null, null, null, f.count, null, null, null]),
      ...d.newCustomers.map((m): Cell[] => [w('New customers'), m.month, null, null, null, null, m.count, null, null, null]),
      ...d.revenue.flatMap((r) => r.months.map((m): Cell[] => [w('Revenue'), m.month, null, null, null, r.currency, null, m.orders, null, major(m.amount, r.currency)])),
      ...d.topCustomers.map((t): Cell[] => [w('Top customers'), null, null, t.name, t.customerId, t.currency, null, t.orders, null, major(t.amount, t.currency)]),
      ...pipelineRows(d.pipeline).map(([name, , count, currency, amount]): Cell[] => [w('Pipeline'), null, name ?? null, null, null, currency ?? null, null, null, count ?? null, amount ?? null]),
    ],
  };
}

/**
 * A report (dashboard, pipeline, birthdays) as a CSV or XLSX file of the same figures as its JSON,
 * with the same access rules, in the reader's language; one audit entry records it.
 */
export async function exportReport<K extends ReportExport>(ctx: Ctx, name: K, answer: ReportAnswers[K], filters: Record<string, unknown>, input: AnalysisFileInput): Promise<ExportFile> {
  const words = await wordingOf(ctx, input);
  const table = reportTable(name, answer, input.lang ?? null);
  await inTransaction(ctx, (tx) =>
    recordAudit(tx, { action: 'export', entity: 'reports', entityId: null, changes: { report: [null, name], format: [null, input.format], filters: [null, filters], rows: [null, table.rows.length] } }),
  );
  const body = tableBody(table, input.format, reportSheetName(name, input.lang));
  return { filename: reportFilename(name, input.format, words.day(ctx.clock.now())), contentType: CONTENT_TYPES[input.format], body };
}
