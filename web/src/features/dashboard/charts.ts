import type { TFunction } from 'i18next';
import { formatMoney } from '../../lib/format.ts';
import { minorDigits } from '../deals/money.ts';
import { stageName, stageOutcome } from '../deals/stage-names.ts';
import type { ChartOption } from './Chart.tsx';
import type { DashboardShape } from './dashboard-api.ts';

/** One currency's revenue per month (the dashboard's or GET /analytics/revenue's). */
type Revenue = Pick<DashboardShape['revenue'][number], 'currency' | 'months'>;

const BLUE = '#1677ff';
export const FUNNEL_STAGES = ['lead', 'prospect', 'customer'] as const;

/** "2026-03" → "3月" / "Mar", with the year where it changes. */
export function monthLabel(month: string, lang: string, withYear = false): string {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const date = new Date(Date.UTC(year, mon - 1, 1));
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { month: 'short', ...(withYear ? { year: '2-digit' } : {}), timeZone: 'UTC' }).format(date);
}

const monthLabels = (months: string[], lang: string) => months.map((m, i) => monthLabel(m, lang, i === 0 || m.endsWith('-01')));

/**
 * Customers who reached each stage (those in it now or past it: churned customers were customers,
 * lost ones were leads), so the funnel always narrows; the tooltip gives how many are in it now.
 */
export function funnelSteps(d: { funnel: Array<{ stage: string; count: number }> }): Array<{ stage: (typeof FUNNEL_STAGES)[number]; reached: number; now: number }> {
  const count = (stage: string) => d.funnel.find((s) => s.stage === stage)?.count ?? 0;
  const customer = count('customer') + count('churned');
  const prospect = count('prospect') + customer;
  const lead = count('lead') + prospect + count('lost');
  return [
    { stage: 'lead', reached: lead, now: count('lead') },
    { stage: 'prospect', reached: prospect, now: count('prospect') },
    { stage: 'customer', reached: customer, now: count('customer') },
  ];
}

export function funnelOption(d: { funnel: Array<{ stage: string; count: number }> }, t: TFunction): ChartOption {
  const steps = funnelSteps(d);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const step = steps[p.dataIndex];
        return step ? `${t(`stages.${step.stage}`)}<br/>${t('dashboard.reached', { count: step.reached })}<br/>${t('dashboard.inStageNow', { count: step.now })}` : '';
      },
    },
    color: ['#91caff', '#4096ff', '#0958d9'],
    series: [
      {
        type: 'funnel',
        sort: 'none',
        gap: 2,
        min: 0,
        max: Math.max(1, steps[0]?.reached ?? 1),
        minSize: '24%',
        left: '8%',
        width: '84%',
        label: { show: true, position: 'inside', formatter: '{b}\n{c}', lineHeight: 16, overflow: 'break' },
        data: steps.map((s) => ({ name: t(`stages.${s.stage}`), value: s.reached })),
      },
    ],
  };
}

/** A large amount in few characters (¥126万, CN¥1.3M), for labels and narrow cards. */
export function compactMoney(minor: number, currency: string, lang: string, digits = 3): string {
  try {
    return new Intl.NumberFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { style: 'currency', currency, notation: 'compact', maximumSignificantDigits: digits }).format(major(minor, currency));
  } catch {
    return formatMoney(minor, currency, lang);
  }
}

export function newCustomersOption(d: DashboardShape, lang: string): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: monthLabels(d.months, lang), axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: d.newCustomers.map((m) => m.count), itemStyle: { color: BLUE }, barMaxWidth: 32 }],
  };
}

/** Minor units → whole currency units, for an axis. */
const major = (minor: number, currency: string) => minor / 10 ** minorDigits(currency);

export function revenueOption(series: Revenue, months: string[], lang: string): ChartOption {
  const toMinor = (value: number) => Math.round(value * 10 ** minorDigits(series.currency));
  return {
    tooltip: { trigger: 'axis', valueFormatter: (value: number) => formatMoney(toMinor(value), series.currency, lang) },
    grid: { left: 16, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: monthLabels(months, lang), boundaryGap: false },
    yAxis: { type: 'value' },
    series: [
      {
        type: 'line',
        smooth: 0.3,
        smoothMonotone: 'x',
        areaStyle: { opacity: 0.15 },
        itemStyle: { color: '#52c41a' },
        data: series.months.map((m) => major(m.amount, series.currency)),
      },
    ],
  };
}

export function topCustomersOption(top: DashboardShape['topCustomers'], lang: string): ChartOption {
  const rows = [...top].reverse();
  return {
    tooltip: { trigger: 'item', formatter: (p: { dataIndex: number }) => {
      const row = rows[p.dataIndex];
      return row ? `${escapeHtml(row.name)}<br/>${formatMoney(row.amount, row.currency, lang)}` : '';
    } },
    grid: { left: 8, right: 110, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: { type: 'category', data: rows.map((r) => truncate(r.name, 14)), axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: rows.map((r) => major(r.amount, r.currency)),
        itemStyle: { color: '#fa8c16' },
        barMaxWidth: 22,
        label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => { const r = rows[p.dataIndex]; return r ? formatMoney(r.amount, r.currency, lang) : ''; } },
      },
    ],
  };
}

type PipelineStage = DashboardShape['pipeline'][number];

/** The stages that can hold open deals (won and lost ones only if a deal was left open there), named in the reader's language. */
export function openStages(pipeline: PipelineStage[], lang: string): Array<PipelineStage & { label: string }> {
  return pipeline.filter((s) => stageOutcome(s) === null || s.count > 0).map((s) => ({ ...s, label: stageName(s.name, lang) }));
}

export function pipelineOption(d: DashboardShape, currency: string | null, lang: string, t: TFunction): ChartOption {
  const amountOf = (stage: PipelineStage) => stage.amounts.find((a) => a.currency === currency)?.amount ?? 0;
  const stages = openStages(d.pipeline, lang);
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const stage = stages[p.dataIndex];
        if (!stage) return '';
        const amounts = stage.amounts.map((a) => formatMoney(a.amount, a.currency, lang)).join('<br/>');
        return `${escapeHtml(stage.label)}<br/>${t('dashboard.dealCount', { count: stage.count })}${amounts ? `<br/>${amounts}` : ''}`;
      },
    },
    grid: { left: 16, right: 16, top: 28, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: stages.map((s) => s.label), axisLabel: { interval: 0, width: 72, overflow: 'break', lineHeight: 14 } },
    yAxis: { type: 'value', minInterval: 1, boundaryGap: [0, '20%'] },
    series: [
      {
        type: 'bar',
        data: stages.map((s) => s.count),
        itemStyle: { color: '#722ed1' },
        barMaxWidth: 32,
        label: {
          show: currency !== null,
          position: 'top',
          formatter: (p: { dataIndex: number }) => {
            const stage = stages[p.dataIndex];
            return stage && amountOf(stage) > 0 && currency ? compactMoney(amountOf(stage), currency, lang) : '';
          },
        },
        labelLayout: { hideOverlap: true },
      },
    ],
  };
}

const truncate = (text: string, length: number) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
