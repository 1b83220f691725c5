import type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape } from '../../domain/analytics.ts';
import type { RevenueReportShape } from '../../domain/revenue-report.ts';
import { print, type CliIo } from '../io.ts';
import { formatTable } from '../table.ts';

const digitsOf = (currency: string): number => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
};
/** Minor units as a plain amount in major units ("1234.50"). */
export const major = (amount: number | null, currency: string | null): string => {
  if (amount === null) return '';
  const digits = currency === null ? 2 : digitsOf(currency);
  return (amount / 10 ** digits).toFixed(digits);
};
const percent = (share: number | null) => (share === null ? '' : `${(share * 100).toFixed(1)}%`);
const table = (io: CliIo, headers: string[], rows: Array<Array<string | number | null>>) => {
  for (const line of formatTable(headers, rows)) print(io, line);
};
const heading = (io: CliIo, text: string) => {
  print(io);
  print(io, text);
};
const window = (r: { asOf: string; from: string | null; to: string }) => `as of ${r.asOf}${r.from ? `, orders ${r.from} to ${r.to}` : ''}`;
const others = (r: { currency: string | null; currencies: Array<{ currency: string; customers: number }> }) => {
  const rest = r.currencies.filter((c) => c.currency !== r.currency).map((c) => `${c.currency} (${c.customers})`);
  return rest.length > 0 ? ` — also bought in ${rest.join(', ')}: --currency` : '';
};
const more = (io: CliIo, shown: number, total: number) => {
  if (total > shown) print(io, `… ${total - shown} more (--limit)`);
};

function rfm(io: CliIo, r: RfmReportShape): void {
  print(io, `RFM of ${r.customers} customers in ${r.currency ?? '-'} ${window(r)}; ${r.withoutOrders} without orders${others(r)}`);
  print(io, `thresholds for scores 2–5: recency ≤ ${r.thresholds.recencyDays.join('/')} days, frequency ≥ ${r.thresholds.frequency.join('/')}, monetary ≥ ${r.thresholds.monetary.map((m) => major(m, r.currency)).join('/')}`);
  heading(io, 'groups');
  table(io, ['group', '名称', 'customers', 'share', 'revenue'], r.groups.map((g) => [g.label.en, g.label.zh, g.customers, percent(g.share), major(g.revenue, r.currency)]));
  heading(io, 'customers');
  table(io, ['id', 'name', 'RFM', 'group', 'days since', 'orders', 'revenue'], r.items.map((i) => [i.customerId, i.name, i.score, i.group, i.recencyDays, i.frequency, major(i.monetary, r.currency)]));
  more(io, r.items.length, r.customers);
}

function abc(io: CliIo, r: AbcReportShape): void {
  print(io, `ABC of ${r.customers} customers with revenue in ${r.currency ?? '-'} ${window(r)} (A to ${percent(r.split.a)}, B to ${percent(r.split.b)}); revenue ${major(r.revenue, r.currency)}${others(r)}`);
  heading(io, 'classes');
  table(io, ['class', 'customers', 'of customers', 'revenue', 'of revenue'], r.classes.map((c) => [c.class, c.customers, percent(c.customerShare), major(c.revenue, r.currency), percent(c.revenueShare)]));
  heading(io, 'customers');
  table(io, ['rank', 'id', 'name', 'class', 'revenue', 'share', 'cumulative'], r.items.map((i) => [i.rank, i.customerId, i.name, i.class, major(i.revenue, r.currency), percent(i.share), percent(i.cumulativeShare)]));
  more(io, r.items.length, r.customers);
}

function clv(io: CliIo, r: ClvReportShape): void {
  print(io, `Lifetime value over ${r.horizonWeeks} weeks of ${r.customers} customers in ${r.currency ?? '-'} as of ${r.asOf}: ${major(r.expectedValue, r.currency)} expected${others(r)}`);
  const bg = r.bgnbd;
  const gg = r.gammaGamma;
  print(io, bg ? `BG/NBD: r ${bg.r.toFixed(4)}, alpha ${bg.alpha.toFixed(4)}, a ${bg.a.toFixed(4)}, b ${bg.b.toFixed(4)}, log-likelihood ${bg.logLikelihood.toFixed(2)}${bg.converged === false ? ' (not converged: the best found within the budget or at a bound)' : ''}` : 'BG/NBD: not fitted (too little repeat buying)');
  print(io, gg ? `Gamma-Gamma: p ${gg.p.toFixed(4)}, q ${gg.q.toFixed(4)}, gamma ${gg.gamma.toFixed(4)}${gg.converged === false ? ' (not converged: the best found within the budget, or q and gamma ran off)' : ''}` : 'Gamma-Gamma: not fitted (too few repeat customers)');
  heading(io, 'customers');
  table(io, ['id', 'name', 'repeat', 'P(alive)', 'expected purchases', 'expected value'], r.items.map((i) => [i.customerId, i.name, i.frequency, i.pAlive.toFixed(3), i.expectedPurchases.toFixed(2), major(i.expectedValue, r.currency)]));
  more(io, r.items.length, r.customers);
}

function churn(io: CliIo, r: ChurnReportShape): void {
  print(io, `Churn risk of ${r.customers} customers in ${r.currency ?? '-'} as of ${r.asOf}: ${r.atRisk} at risk (≥ ${percent(r.threshold)}), ${major(r.revenueAtRisk, r.currency)} of revenue${others(r)}`);
  heading(io, 'customers, riskiest first');
  table(io, ['id', 'name', 'risk', 'revenue', 'why'], r.items.map((i) => [i.customerId, i.name, percent(i.churnRisk), major(i.revenue, r.currency), i.reason.en]));
  more(io, r.items.length, r.customers);
}

function forecast(io: CliIo, r: ForecastReportShape): void {
  print(io, `Forecast of open deals as of ${r.asOf}`);
  table(io, ['close month', 'currency', 'deals', 'amount', 'weighted'], r.months.map((m) => [m.month ?? 'no date', m.currency, m.deals, major(m.amount, m.currency), major(m.weighted, m.currency)]));
  heading(io, 'owners');
  table(io, ['owner', 'currency', 'deals', 'amount', 'weighted'], r.owners.map((o) => [o.name ?? 'nobody', o.currency, o.deals, major(o.amount, o.currency), major(o.weighted, o.currency)]));
  const c = r.closed;
  heading(io, `closed in the period: ${c.won} won, ${c.lost} lost, win rate ${percent(c.winRate)}, ${c.averageDaysToClose === null ? '-' : c.averageDaysToClose.toFixed(1)} days to close on average`);
}

function cohorts(io: CliIo, r: CohortReportShape): void {
  print(io, `Retention by month of first order, as of ${r.asOf} (share of each cohort ordering k months later)`);
  const width = Math.max(0, ...r.cohorts.map((c) => c.retention.length));
  table(io, ['cohort', 'customers', ...Array.from({ length: width }, (_, k) => `+${k}`)], r.cohorts.map((c) => [c.month, c.customers, ...c.retention.map((s) => percent(s))]));
}

function lifecycle(io: CliIo, r: LifecycleReportShape): void {
  print(io, `Lifecycle ${window(r)}`);
  table(io, ['stage', 'now', 'entered', 'median days in stage'], r.stages.map((s) => [s.stage, s.current, s.entered, s.medianDaysInStage]));
  heading(io, 'conversions');
  table(io, ['from', 'to', 'customers', 'converted', 'rate', 'median days'], r.conversions.map((c) => [c.from, c.to, c.customers, c.converted, percent(c.rate), c.medianDays]));
}

function revenue(io: CliIo, r: RevenueReportShape): void {
  print(io, `Revenue per month ${r.months[0] ?? ''} to ${r.months.at(-1) ?? ''}, per currency (never added up across them)`);
  table(io, ['month', ...r.currencies.map((c) => c.currency)], r.months.map((month, i) => [month, ...r.currencies.map((c) => major(c.months[i]?.amount ?? 0, c.currency))]));
  print(io, `total: ${r.currencies.map((c) => `${major(c.total, c.currency)} ${c.currency}`).join(', ') || '-'}`);
}

const PRINTERS: Record<string, (io: CliIo, report: never) => void> = { rfm, abc, clv, churn, forecast, cohorts, lifecycle, revenue };

/** A report as tables for a person at a terminal. */
export function printReport(io: CliIo, name: string, report: unknown): void {
  (PRINTERS[name] as (io: CliIo, report: unknown) => void)(io, report);
}
