import type { AnalysisExport } from './analysis-export.ts';
import type { Language } from './messages.ts';
import type { ReportExport } from './report-export.ts';

/** An analysis or report file's XLSX tab: its code for machines, its name in the reader's language for people (at most 31 characters). */
const SHEETS: Record<Language, Record<AnalysisExport | ReportExport, string>> = {
  zh: {
    rfm: 'RFM 分析',
    abc: 'ABC 分析',
    clv: '客户生命周期价值',
    churn: '流失风险',
    forecast: '销售预测',
    cohorts: '留存同期群',
    lifecycle: '客户生命周期',
    revenue: '收入',
    dashboard: '仪表盘',
    pipeline: '销售管道',
    birthdays: '生日',
  },
  en: {
    rfm: 'RFM',
    abc: 'ABC',
    clv: 'Lifetime value',
    churn: 'Churn risk',
    forecast: 'Forecast',
    cohorts: 'Cohorts',
    lifecycle: 'Lifecycle',
    revenue: 'Revenue',
    dashboard: 'Dashboard',
    pipeline: 'Pipeline',
    birthdays: 'Birthdays',
  },
};

export const reportSheetName = (name: AnalysisExport | ReportExport, language: Language | null | undefined): string => (language ? SHEETS[language][name] : name);
