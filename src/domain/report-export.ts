import { analysisFileOptions } from './analysis-export.ts';
import type { AnalysisFormat } from './analysis-export.ts';

/** The reports that download as a file: each GET /api/v1/reports/<name> with `format`. */
export const REPORT_EXPORTS = ['dashboard', 'pipeline', 'birthdays'] as const;
export type ReportExport = (typeof REPORT_EXPORTS)[number];

/** What a report query takes on top of its own to answer with a file instead of JSON (as the analyses do). */
export const reportFileOptions = {
  format: analysisFileOptions.format,
  lang: analysisFileOptions.lang,
  timeZone: analysisFileOptions.timeZone,
};

// Every header and part name a report file writes, with its Chinese. A test checks each table's headers are here.
const REPORT_ZH: Record<string, string> = {
  Part: '部分',
  Month: '月份',
  Stage: '阶段',
  Customer: '客户',
  'Kehu id': 'kehu 编号',
  Currency: '币种',
  Customers: '客户数',
  Orders: '订单数',
  Amount: '金额',
  'Open deals': '进行中商机',
  'Deals': '商机数',
  'Probability (%)': '赢单概率（%）',
  Contact: '联系人',
  Birthday: '生日',
  'Next birthday': '下次生日',
  'In days': '距今天数',
  Funnel: '销售漏斗',
  'New customers': '新客户',
  Revenue: '销售额',
  'Top customers': '重点客户',
  Pipeline: '商机管道',
};

/** Every English word of a report file, for the check that each has its Chinese. */
export const REPORT_WORDS_ZH: Readonly<Record<string, string>> = REPORT_ZH;

/** A header or part name of a report file in the language (English without one). */
export const reportWord = (language: 'en' | 'zh' | null, english: string): string => (language === 'zh' ? (REPORT_ZH[english] ?? english) : english);

/** kehu-dashboard-20261205.csv, dated in UTC. */
export const reportFilename = (name: ReportExport, format: AnalysisFormat, day: string): string => `kehu-${name}-${day}.${format}`;

