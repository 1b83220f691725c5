import type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape } from '../../domain/analytics.ts';
import { displayName } from '../../domain/display-names.ts';
import type { RevenueReportShape } from '../../domain/revenue-report.ts';
import { headers, say } from '../cli-words.ts';
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
const table = (io: CliIo, english: string[], rows: Array<Array<string | number | null>>) => {
  for (const line of formatTable(headers(io, english), rows)) print(io, line);
};
const heading = (io: CliIo, text: string) => {
  print(io);
  print(io, text);
};
const isZh = (io: CliIo) => io.language === 'zh';
const words = (io: CliIo, w: { en: string; zh: string }) => (isZh(io) ? w.zh : w.en);
const window = (io: CliIo, r: { asOf: string; from: string | null; to: string }) =>
  r.from ? say(io, 'as of {{asOf}}, orders {{from}} to {{to}}', { asOf: r.asOf, from: r.from, to: r.to }) : say(io, 'as of {{asOf}}', { asOf: r.asOf });
const others = (io: CliIo, r: { currency: string | null; currencies: Array<{ currency: string; customers: number }> }) => {
  const rest = r.currencies.filter((c) => c.currency !== r.currency).map((c) => `${c.currency} (${c.customers})`);
  return rest.length > 0 ? say(io, ' — also bought in {{currencies}}: --currency', { currencies: rest.join(', ') }) : '';
};
const more = (io: CliIo, shown: number, total: number) => {
  if (total > shown) print(io, say(io, '… {{n}} more (--limit)', { n: total - shown }));
};
const stage = (io: CliIo, key: string) => (isZh(io) ? displayName('zh', 'stages', key) : key);

function rfm(io: CliIo, r: RfmReportShape): void {
  const currency = r.currency ?? '-';
  print(io, say(io, 'RFM of {{n}} customers in {{currency}} {{window}}; {{without}} without orders', { n: r.customers, currency, window: window(io, r), without: r.withoutOrders }) + others(io, r));
  const t = r.thresholds;
  print(io, say(io, 'thresholds for scores 2–5: recency ≤ {{recency}} days, frequency ≥ {{frequency}}, monetary ≥ {{monetary}}', { recency: t.recencyDays.join('/'), frequency: t.frequency.join('/'), monetary: t.monetary.map((m) => major(m, r.currency)).join('/') }));
  heading(io, say(io, 'groups'));
  const groups = r.groups.map((g) => [g.customers, percent(g.share), major(g.revenue, r.currency)]);
  if (isZh(io)) table(io, ['group', 'customers', 'share', 'revenue'], r.groups.map((g, i) => [g.label.zh, ...(groups[i] ?? [])]));
  else table(io, ['group', '名称', 'customers', 'share', 'revenue'], r.groups.map((g, i) => [g.label.en, g.label.zh, ...(groups[i] ?? [])]));
  heading(io, say(io, 'customers'));
  const label = (group: string) => (isZh(io) ? (r.groups.find((g) => g.group === group)?.label.zh ?? group) : group);
  table(io, ['id', 'name', 'RFM', 'group', 'days since', 'orders', 'revenue'], r.items.map((i) => [i.customerId, i.name, i.score, label(i.group), i.recencyDays, i.frequency, major(i.monetary, r.currency)]));
  more(io, r.items.length, r.customers);
}

function abc(io: CliIo, r: AbcReportShape): void {
  const params = { n: r.customers, currency: r.currency ?? '-', window: window(io, r), a: percent(r.split.a), b: percent(r.split.b), revenue: major(r.revenue, r.currency) };
  print(io, say(io, 'ABC of {{n}} customers with revenue in {{currency}} {{window}} (A to {{a}}, B to {{b}}); revenue {{revenue}}', params) + others(io, r));
  heading(io, say(io, 'classes'));
  table(io, ['class', 'customers', 'of customers', 'revenue', 'of revenue'], r.classes.map((c) => [c.class, c.customers, percent(c.customerShare), major(c.revenue, r.currency), percent(c.revenueShare)]));
  heading(io, say(io, 'customers'));
  table(io, ['rank', 'id', 'name', 'class', 'revenue', 'share', 'cumulative'], r.items.map((i) => [i.rank, i.customerId, i.name, i.class, major(i.revenue, r.currency), percent(i.share), percent(i.cumulativeShare)]));
  more(io, r.items.length, r.customers);
}

function clv(io: CliIo, r: ClvReportShape): void {
  const params = { weeks: r.horizonWeeks, n: r.customers, currency: r.currency ?? '-', asOf: r.asOf, value: major(r.expectedValue, r.currency) };
  print(io, say(io, 'Lifetime value over {{weeks}} weeks of {{n}} customers in {{currency}} as of {{asOf}}: {{value}} expected', params) + others(io, r));
  const bg = r.bgnbd;
  const gg = r.gammaGamma;
  const bgFit = bg && say(io, 'BG/NBD: r {{r}}, alpha {{alpha}}, a {{a}}, b {{b}}, log-likelihood {{ll}}', { r: bg.r.toFixed(4), alpha: bg.alpha.toFixed(4), a: bg.a.toFixed(4), b: bg.b.toFixed(4), ll: bg.logLikelihood.toFixed(2) });
  print(io, bg ? `${bgFit}${bg.converged === false ? say(io, ' (not converged: the best found within the budget or at a bound)') : ''}` : say(io, 'BG/NBD: not fitted (too little repeat buying)'));
  const ggFit = gg && say(io, 'Gamma-Gamma: p {{p}}, q {{q}}, gamma {{gamma}}', { p: gg.p.toFixed(4), q: gg.q.toFixed(4), gamma: gg.gamma.toFixed(4) });
  print(io, gg ? `${ggFit}${gg.converged === false ? say(io, ' (not converged: the best found within the budget, or q and gamma ran off)') : ''}` : say(io, 'Gamma-Gamma: not fitted (too few repeat customers)'));
  heading(io, say(io, 'customers'));
  table(io, ['id', 'name', 'repeat', 'P(alive)', 'expected purchases', 'expected value'], r.items.map((i) => [i.customerId, i.name, i.frequency, i.pAlive.toFixed(3), i.expectedPurchases.toFixed(2), major(i.expectedValue, r.currency)]));
  more(io, r.items.length, r.customers);
}

function churn(io: CliIo, r: ChurnReportShape): void {
  const params = { n: r.customers, currency: r.currency ?? '-', asOf: r.asOf, atRisk: r.atRisk, threshold: percent(r.threshold), revenue: major(r.revenueAtRisk, r.currency) };
  print(io, say(io, 'Churn risk of {{n}} customers in {{currency}} as of {{asOf}}: {{atRisk}} at risk (≥ {{threshold}}), {{revenue}} of revenue', params) + others(io, r));
  heading(io, say(io, 'customers, riskiest first'));
  table(io, ['id', 'name', 'risk', 'revenue', 'why'], r.items.map((i) => [i.customerId, i.name, percent(i.churnRisk), major(i.revenue, r.currency), words(io, i.reason)]));
  more(io, r.items.length, r.customers);
}

function forecast(io: CliIo, r: ForecastReportShape): void {
  print(io, say(io, 'Forecast of open deals as of {{asOf}}', { asOf: r.asOf }));
  table(io, ['close month', 'currency', 'deals', 'amount', 'weighted'], r.months.map((m) => [m.month ?? say(io, 'no date'), m.currency, m.deals, major(m.amount, m.currency), major(m.weighted, m.currency)]));
  heading(io, say(io, 'owners'));
  table(io, ['owner', 'currency', 'deals', 'amount', 'weighted'], r.owners.map((o) => [o.name ?? say(io, 'nobody'), o.currency, o.deals, major(o.amount, o.currency), major(o.weighted, o.currency)]));
  const c = r.closed;
  const days = c.averageDaysToClose === null ? '-' : c.averageDaysToClose.toFixed(1);
  heading(io, say(io, 'closed in the period: {{won}} won, {{lost}} lost, win rate {{rate}}, {{days}} days to close on average', { won: c.won, lost: c.lost, rate: percent(c.winRate), days }));
}

function cohorts(io: CliIo, r: CohortReportShape): void {
  print(io, say(io, 'Retention by month of first order, as of {{asOf}} (share of each cohort ordering k months later)', { asOf: r.asOf }));
  const width = Math.max(0, ...r.cohorts.map((c) => c.retention.length));
  const months = Array.from({ length: width }, (_, k) => `+${k}`);
  for (const line of formatTable([...headers(io, ['cohort', 'customers']), ...months], r.cohorts.map((c) => [c.month, c.customers, ...c.retention.map((s) => percent(s))]))) print(io, line);
}

function lifecycle(io: CliIo, r: LifecycleReportShape): void {
  print(io, say(io, 'Lifecycle {{window}}', { window: window(io, r) }));
  table(io, ['stage', 'now', 'entered', 'median days in stage'], r.stages.map((s) => [stage(io, s.stage), s.current, s.entered, s.medianDaysInStage]));
  heading(io, say(io, 'conversions'));
  table(io, ['from', 'to', 'customers', 'converted', 'rate', 'median days'], r.conversions.map((c) => [stage(io, c.from), stage(io, c.to), c.customers, c.converted, percent(c.rate), c.medianDays]));
}

function revenue(io: CliIo, r: RevenueReportShape): void {
  print(io, say(io, 'Revenue per month {{from}} to {{to}}, per currency (never added up across them)', { from: r.months[0] ?? '', to: r.months.at(-1) ?? '' }));
  const rows = r.months.map((month, i) => [month, ...r.currencies.map((c) => major(c.months[i]?.amount ?? 0, c.currency))]);
  for (const line of formatTable([say(io, 'month'), ...r.currencies.map((c) => c.currency)], rows)) print(io, line);
  print(io, say(io, 'total: {{totals}}', { totals: r.currencies.map((c) => `${major(c.total, c.currency)} ${c.currency}`).join(', ') || '-' }));
}

const PRINTERS: Record<string, (io: CliIo, report: never) => void> = { rfm, abc, clv, churn, forecast, cohorts, lifecycle, revenue };

/** A report as tables for a person at a terminal. */
export function printReport(io: CliIo, name: string, report: unknown): void {
  (PRINTERS[name] as (io: CliIo, report: unknown) => void)(io, report);
}
