import type {
  AbcReportShape,
  ChurnReportShape,
  ClvReportShape,
  CohortReportShape,
  ForecastReportShape,
  LifecycleReportShape,
  RfmReportShape,
} from '../../domain/analytics.ts';
import { analysisHeader, analysisWord, type AnalysisExport } from '../../domain/analysis-export.ts';
import { displayName } from '../../domain/display-names.ts';
import type { Language } from '../../domain/messages.ts';
import type { RevenueReportShape } from '../../domain/revenue-report.ts';
import { RFM_GROUP_LABELS } from '../../domain/rfm.ts';

export type Cell = string | number | null;

/** One analysis as a table: what a CSV or XLSX file of it holds. */
export interface AnalysisTable {
  headers: string[];
  rows: Cell[][];
}

export interface TableWording {
  language: Language | null;
  /** an instant as the reader's local time (or ISO UTC without a language) */
  time: (iso: string) => string;
  /** a user's name by id */
  userName: (id: number | null) => string;
}

export interface AnalysisReports {
  rfm: RfmReportShape;
  abc: AbcReportShape;
  clv: ClvReportShape;
  churn: ChurnReportShape;
  forecast: ForecastReportShape;
  cohorts: CohortReportShape;
  lifecycle: LifecycleReportShape;
  revenue: RevenueReportShape;
}

const digitsCache = new Map<string, number>();
/** How many minor units a currency has (2 for CNY, 0 for JPY). */
export function minorDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/** Minor units as a number in major units (12345 CNY → 123.45); null stays empty. */
export const major = (amount: number | null, currency: string | null): number | null => {
  if (amount === null) return null;
  const digits = currency === null ? 2 : minorDigits(currency);
  return Number((amount / 10 ** digits).toFixed(digits));
};
const percent = (share: number | null): number | null => (share === null ? null : Number((share * 100).toFixed(2)));
const round = (n: number | null, digits = 2): number | null => (n === null ? null : Number(n.toFixed(digits)));

type Builder<K extends AnalysisExport> = (report: AnalysisReports[K], w: TableWording, h: (english: string, params?: Record<string, string | number>) => string) => AnalysisTable;

const BUILDERS: { [K in AnalysisExport]: Builder<K> } = {
  rfm: (r, w, h) => ({
    headers: ['Customer', 'Kehu id', 'Currency', 'Days since last order', 'Orders', 'Revenue', 'R', 'F', 'M', 'RFM score', 'RFM group'].map((e) => h(e)),
    rows: r.items.map((i) => [i.name, i.customerId, r.currency, i.recencyDays, i.frequency, major(i.monetary, r.currency), i.r, i.f, i.m, i.score, groupName(w.language, i.group)]),
  }),
  abc: (r, _w, h) => ({
    headers: ['Rank', 'Customer', 'Kehu id', 'Currency', 'Revenue', 'Share of revenue (%)', 'Cumulative share (%)', 'ABC class', 'Level'].map((e) => h(e)),
    rows: r.items.map((i) => [i.rank, i.name, i.customerId, r.currency, major(i.revenue, r.currency), percent(i.share), percent(i.cumulativeShare), i.class, i.level]),
  }),
  clv: (r, _w, h) => ({
    headers: ['Customer', 'Kehu id', 'Currency', 'Repeat purchases', 'Weeks to last purchase', 'Weeks as customer', 'Average order value', 'P(alive) (%)', 'Expected purchases', 'Expected value'].map((e) => h(e)),
    rows: r.items.map((i) => [i.name, i.customerId, r.currency, i.frequency, round(i.recencyWeeks), round(i.ageWeeks), major(i.averageValue, r.currency), percent(i.pAlive), round(i.expectedPurchases, 3), major(i.expectedValue, r.currency)]),
  }),
  churn: (r, w, h) => ({
    headers: ['Customer', 'Kehu id', 'Owner', 'Currency', 'Churn risk (%)', 'P(alive) (%)', 'At risk', 'Last purchase', 'Days since last order', 'Usual gap (days)', 'Orders', 'Revenue', 'Reason'].map((e) => h(e)),
    rows: r.items.map((i) => [
      i.name, i.customerId, w.userName(i.ownerId), r.currency, percent(i.churnRisk), percent(i.pAlive), analysisWord(w.language, i.atRisk ? 'yes' : 'no'),
      w.time(i.lastPurchaseAt), i.daysSinceLast, round(i.usualGapDays, 1), i.purchases, major(i.revenue, r.currency), w.language === 'zh' ? i.reason.zh : i.reason.en,
    ]),
  }),
  forecast: (r, w, h) => {
    const by = (word: 'month' | 'owner' | 'team') => analysisWord(w.language, word);
    const none = analysisWord(w.language, 'none');
    const sums = (s: { currency: string; deals: number; amount: number; weighted: number }) => [s.currency, s.deals, major(s.amount, s.currency), major(s.weighted, s.currency)];
    return {
      headers: ['By', 'Name', 'Currency', 'Open deals', 'Amount', 'Weighted amount'].map((e) => h(e)),
      rows: [
        ...r.months.map((m) => [by('month'), m.month ?? none, ...sums(m)]),
        ...r.owners.map((o) => [by('owner'), o.name ?? none, ...sums(o)]),
        ...r.teams.map((t) => [by('team'), t.name ?? none, ...sums(t)]),
      ],
    };
  },
  cohorts: (r, _w, h) => {
    const width = Math.max(0, ...r.cohorts.map((c) => c.retention.length));
    return {
      headers: [h('Cohort month'), h('Customers'), ...Array.from({ length: width }, (_, k) => h('Month {k} (%)', { k }))],
      rows: r.cohorts.map((c) => [c.month, c.customers, ...Array.from({ length: width }, (_, k) => percent(c.retention[k] ?? null))]),
    };
  },
  lifecycle: (r, w, h) => {
    const stage = (s: string) => (w.language === null ? s : displayName(w.language, 'stages', s));
    const all = analysisWord(w.language, 'all');
    const none = analysisWord(w.language, 'none');
    const funnels = [{ label: all as string | null, stages: r.stages }, ...r.groups.map((g) => ({ label: g.label ?? g.key ?? none, stages: g.stages }))];
    return {
      headers: ['Group', 'Stage', 'Customers now', 'Entered in period', 'Median days in stage'].map((e) => h(e)),
      rows: funnels.flatMap((f) => f.stages.map((s) => [f.label, stage(s.stage), s.current, s.entered, round(s.medianDaysInStage, 1)])),
    };
  },
  revenue: (r, _w, h) => ({
    headers: ['Month', 'Currency', 'Orders', 'Revenue'].map((e) => h(e)),
    rows: r.currencies.flatMap((c) => c.months.map((m) => [m.month, c.currency, m.orders, major(m.amount, c.currency)])),
  }),
};

const groupName = (language: Language | null, group: keyof typeof RFM_GROUP_LABELS): string => (language === null ? group : RFM_GROUP_LABELS[group][language]);

/** The rows of an analysis as a file holds them: amounts in major units beside their currency, shares in %. */
export function analysisTable<K extends AnalysisExport>(name: K, report: AnalysisReports[K], wording: TableWording): AnalysisTable {
  const builder = BUILDERS[name] as Builder<K>;
  return builder(report, wording, (english, params) => analysisHeader(wording.language, english, params));
}
