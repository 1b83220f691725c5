import type { TFunction } from 'i18next';
import { formatMoney } from '../../lib/format.ts';
import type { ChartOption } from '../dashboard/Chart.tsx';
import { compactMoney, monthLabel } from '../dashboard/charts.ts';
import { minorDigits, toMajor } from '../deals/money.ts';
import type { AbcReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape } from './analytics-api.ts';

const percent = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Named RFM groups with customers, largest revenue first is the API's order; bars show the count and share. */
export function rfmGroupsOption(report: RfmReportShape, t: TFunction, l: string): ChartOption {
  const rows = report.groups.filter((g) => g.customers > 0).reverse();
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const g = rows[p.dataIndex];
        if (!g || !report.currency) return '';
        return `${escapeHtml(g.label[l === 'zh' ? 'zh' : 'en'])}<br/>${t('analytics.customerCount', { count: g.customers })} · ${percent(g.share)}<br/>${formatMoney(g.revenue, report.currency, l)}`;
      },
    },
    grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: rows.map((g) => g.label[l === 'zh' ? 'zh' : 'en']), axisTick: { show: false }, axisLabel: { width: 120, overflow: 'break' } },
    series: [
      {
        type: 'bar',
        data: rows.map((g) => g.customers),
        barMaxWidth: 20,
        itemStyle: { color: '#1677ff' },
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => { const g = rows[p.dataIndex]; return g ? `${g.customers} · ${percent(g.share)}` : ''; } },
      },
    ],
  };
}

/** R (rows, 5 = most recent on top) against the mean of F and M (columns), customers per cell. */
export function rfmGridOption(report: RfmReportShape, t: TFunction): ChartOption {
  const max = Math.max(1, ...report.grid.map((c) => c.customers));
  return {
    tooltip: { formatter: (p: { value: [number, number, number] }) => `R ${p.value[1] + 1} · FM ${p.value[0] + 1}<br/>${t('analytics.customerCount', { count: p.value[2] })}` },
    grid: { left: 8, right: 8, top: 8, bottom: 64, containLabel: true },
    xAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: t('analytics.rfm.fmAxis'), nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
    yAxis: { type: 'category', data: ['1', '2', '3', '4', '5'], name: t('analytics.rfm.rAxis'), nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
    visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80, inRange: { color: ['#f0f5ff', '#1677ff'] } },
    series: [{ type: 'heatmap', data: report.grid.map((c) => [c.fm - 1, c.r - 1, c.customers]), label: { show: true } }],
  };
}

/** The Pareto curve: share of customers (largest first) against share of revenue, with the A and B lines. */
export function abcCurveOption(report: AbcReportShape, t: TFunction): ChartOption {
  const line = (share: number, name: string) => ({ yAxis: share * 100, label: { formatter: `${name} ${percent(share)}`, position: 'insideEndTop' } });
  return {
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ value: [number, number] }>) => {
        const v = items[0]?.value;
        return v ? t('analytics.abc.point', { customers: `${v[0].toFixed(1)}%`, revenue: `${v[1].toFixed(1)}%` }) : '';
      },
    },
    grid: { left: 8, right: 16, top: 16, bottom: 28, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100, name: t('analytics.abc.customersAxis'), nameLocation: 'middle', nameGap: 24, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      {
        type: 'line',
        showSymbol: false,
        areaStyle: { opacity: 0.12 },
        itemStyle: { color: '#722ed1' },
        data: report.curve.map((p) => [p.customers * 100, p.revenue * 100]),
        markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#999' }, data: [line(report.split.a, 'A'), line(report.split.b, 'B')] },
      },
    ],
  };
}

/** Cohorts (rows, oldest on top) by months since the first order (columns): share still buying. */
export function cohortOption(report: CohortReportShape, t: TFunction, l: string): ChartOption {
  const width = Math.max(1, ...report.cohorts.map((c) => c.retention.length));
  const cohorts = [...report.cohorts].reverse();
  const data = cohorts.flatMap((c, row) => c.retention.map((share, k) => [k, row, Math.round(share * 1000) / 10]));
  return {
    tooltip: {
      formatter: (p: { value: [number, number, number] }) => {
        const c = cohorts[p.value[1]];
        return c ? `${monthLabel(c.month, l, true)} · ${t('analytics.cohorts.monthsAfter', { count: p.value[0] })}<br/>${c.active[p.value[0]] ?? 0} / ${c.customers} · ${p.value[2]}%` : '';
      },
    },
    grid: { left: 8, right: 8, top: 8, bottom: 56, containLabel: true },
    xAxis: { type: 'category', data: Array.from({ length: width }, (_, k) => String(k)), name: t('analytics.cohorts.monthsAxis'), nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: cohorts.map((c) => `${monthLabel(c.month, l, true)} (${c.customers})`) },
    visualMap: { min: 0, max: 100, show: false, inRange: { color: ['#fff7e6', '#fa8c16', '#ad4e00'] } },
    series: [{ type: 'heatmap', data: data.filter((d) => d[0] !== 0), label: { show: width <= 13, fontSize: 10, formatter: (p: { value: number[] }) => (p.value[2] ? `${Math.round(p.value[2] as number)}` : '') } }],
  };
}

/** Customers by expected value over the horizon, in the report's buckets. */
export function clvDistributionOption(report: ClvReportShape, t: TFunction, l: string): ChartOption {
  const currency = report.currency ?? 'CNY';
  const labels = report.distribution.map((b) => `${compactMoney(b.from, currency, l, 2)}–${compactMoney(b.to, currency, l, 2)}`);
  return {
    tooltip: { trigger: 'axis', formatter: (items: Array<{ dataIndex: number; value: number }>) => { const i = items[0]; return i ? `${labels[i.dataIndex]}<br/>${t('analytics.customerCount', { count: i.value })}` : ''; } },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: report.distribution.map((b) => compactMoney(b.from, currency, l, 2)), axisLabel: { interval: 0, rotate: report.distribution.length > 6 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: report.distribution.map((b) => b.customers), itemStyle: { color: '#13c2c2' }, barMaxWidth: 32 }],
  };
}

/** Open deals per month of expected close in one currency: full amount and probability-weighted. */
export function forecastOption(report: ForecastReportShape, currency: string, t: TFunction, l: string): ChartOption {
  const rows = report.months.filter((m) => m.currency === currency);
  const money = (value: number) => formatMoney(Math.round(value * 10 ** minorDigits(currency)), currency, l);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => money(value) },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((m) => (m.month ? monthLabel(m.month, l, true) : t('analytics.forecast.noDate'))) },
    yAxis: { type: 'value', axisLabel: { formatter: (value: number) => compactMoney(Math.round(value * 10 ** minorDigits(currency)), currency, l, 2) } },
    series: [
      { name: t('analytics.forecast.amount'), type: 'bar', data: rows.map((m) => toMajor(m.amount, currency)), itemStyle: { color: '#bae0ff' }, barMaxWidth: 28 },
      { name: t('analytics.forecast.weighted'), type: 'bar', data: rows.map((m) => toMajor(m.weighted, currency)), itemStyle: { color: '#1677ff' }, barMaxWidth: 28 },
    ],
  };
}

/** Customers created per month (from the lifecycle report grouped by month). */
export function newCustomersByMonth(report: LifecycleReportShape): Array<{ month: string; customers: number }> {
  return report.groups
    .filter((g): g is typeof g & { key: string } => g.key !== null)
    .map((g) => ({ month: g.key, customers: g.stages.reduce((sum, s) => sum + s.current, 0) }))
    .sort((a, b) => a.month.localeCompare(b.month));
}

export function newCustomersOption(rows: Array<{ month: string; customers: number }>, t: TFunction, l: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r, i) => monthLabel(r.month, l, i === 0 || r.month.endsWith('-01'))) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: rows.map((r) => r.customers), itemStyle: { color: '#1677ff' }, barMaxWidth: 28 }],
  };
}
