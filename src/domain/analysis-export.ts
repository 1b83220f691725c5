import { Type } from 'typebox';
import { Literals } from './record.ts';

/** The analyses that download as a file: each GET /api/v1/analytics/<name> with `format`. */
export const ANALYSIS_EXPORTS = ['rfm', 'abc', 'clv', 'churn', 'forecast', 'cohorts', 'lifecycle', 'revenue'] as const;
export type AnalysisExport = (typeof ANALYSIS_EXPORTS)[number];

export const ANALYSIS_FORMATS = ['csv', 'xlsx'] as const;
export type AnalysisFormat = (typeof ANALYSIS_FORMATS)[number];

/** What an analysis query takes on top of its filters to answer with a file instead of JSON. */
export const analysisFileOptions = {
  format: Type.Optional(
    Literals(ANALYSIS_FORMATS, {
      description: 'answer with a file of every listed row instead of JSON (limit and cursor are ignored): csv (UTF-8 with BOM, opens in Excel) or xlsx; amounts in major units beside their currency',
    }),
  ),
  lang: Type.Optional(Literals(['en', 'zh'] as const, { description: 'with format: headers, group and class names, stages and reasons in this language, times local; default: the Accept-Language header, else English headers and UTC times' })),
  timeZone: Type.Optional(Type.String({ maxLength: 64, description: 'with format and a language: the IANA time zone of times, e.g. Asia/Shanghai; default: KEHU_TIME_ZONE, else the workspace\'s time zone (GET /api/v1/settings/time-zone; UTC+8 unless an admin set it)' })),
};

// Every header an analysis file writes, with its Chinese. A test checks each table's headers are here.
const HEADERS_ZH: Record<string, string> = {
  Customer: '客户',
  'Kehu id': 'kehu 编号',
  Owner: '负责人',
  Currency: '币种',
  'Days since last order': '距上次下单天数',
  Orders: '订单数',
  Revenue: '销售额',
  R: 'R',
  F: 'F',
  M: 'M',
  'RFM score': 'RFM 分数',
  'RFM group': 'RFM 分组',
  Rank: '排名',
  'Share of revenue (%)': '销售额占比（%）',
  'Cumulative share (%)': '累计占比（%）',
  'ABC class': 'ABC 分类',
  Level: '级别',
  'Repeat purchases': '重复购买次数',
  'Weeks to last purchase': '首购至末购周数',
  'Weeks as customer': '客户周数',
  'Average order value': '平均订单金额',
  'P(alive) (%)': '存活概率（%）',
  'Expected purchases': '预期购买次数',
  'Expected value': '预期价值',
  'Churn risk (%)': '流失风险（%）',
  'At risk': '有流失风险',
  'Last purchase': '最近购买时间',
  'Usual gap (days)': '通常间隔（天）',
  Reason: '原因',
  'Cohort month': '首单月份',
  Customers: '客户数',
  'Month {k} (%)': '第 {k} 个月（%）',
  By: '维度',
  Name: '名称',
  'Open deals': '进行中商机',
  Amount: '金额',
  'Weighted amount': '加权金额',
  Group: '分组',
  Stage: '阶段',
  'Customers now': '当前客户数',
  'Entered in period': '期间进入',
  'Median days in stage': '停留天数中位数',
  Month: '月份',
};

/** Every English header of an analysis file, for the check that each has its Chinese. */
export const ANALYSIS_HEADERS_ZH: Readonly<Record<string, string>> = HEADERS_ZH;

const WORDS = {
  en: { month: 'Month', owner: 'Owner', team: 'Team', source: 'Source', all: 'All', yes: 'Yes', no: 'No', none: '(none)' },
  zh: { month: '月份', owner: '负责人', team: '团队', source: '来源', all: '全部', yes: '是', no: '否', none: '（无）' },
};
export type AnalysisWord = keyof (typeof WORDS)['en'];

/** A header of an analysis file in the language (English without one); `{k}` filled in. */
export function analysisHeader(language: 'en' | 'zh' | null, english: string, params: Record<string, string | number> = {}): string {
  const text = language === 'zh' ? (HEADERS_ZH[english] ?? english) : english;
  return text.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** A fixed word of an analysis file (a grouping, yes/no) in the language. */
export const analysisWord = (language: 'en' | 'zh' | null, word: AnalysisWord): string => WORDS[language ?? 'en'][word];

/** kehu-rfm-20261205.xlsx, dated in UTC. */
export const analysisFilename = (name: AnalysisExport, format: AnalysisFormat, day: string): string => `kehu-${name}-${day}.${format}`;
