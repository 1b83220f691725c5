import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape } from '../../../../src/domain/analytics.ts';
import type { RevenueReportShape } from '../../../../src/domain/revenue-report.ts';
import type { SegmentShape } from '../../../../src/domain/segment.ts';
import type { TeamShape } from '../../../../src/domain/team.ts';
import { currentLanguage } from '../../app/i18n/index.ts';
import { request, toQueryString } from '../../lib/api.ts';
import type { ReportFilters } from './filters.ts';

export type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RevenueReportShape, RfmReportShape };

interface Reports {
  rfm: RfmReportShape;
  abc: AbcReportShape;
  clv: ClvReportShape;
  churn: ChurnReportShape;
  cohorts: CohortReportShape;
  forecast: ForecastReportShape;
  lifecycle: LifecycleReportShape;
  revenue: RevenueReportShape;
}

export type ReportKind = keyof Reports;

export type Extra = Record<string, string | number | boolean | undefined>;

/** Which filters each report takes: cohorts, forecast and lifecycle read no single currency. */
const TAKES_CURRENCY: ReadonlySet<keyof Reports> = new Set(['rfm', 'abc', 'clv', 'churn']);

/** The query of one analysis under the page's filters. */
function reportQuery(kind: ReportKind, filters: ReportFilters, extra: Extra): Extra {
  const { currency, ...common } = filters;
  return { ...common, ...(TAKES_CURRENCY.has(kind) ? { currency } : {}), ...extra };
}

/** Where an analysis downloads as a file from the server: every row, in the interface's language and the browser's time zone. */
export const reportFileUrl = (kind: ReportKind, filters: ReportFilters, extra: Extra, format: 'csv' | 'xlsx'): string =>
  `/api/v1/analytics/${kind}${toQueryString({ ...reportQuery(kind, filters, extra), format, lang: currentLanguage(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })}`;

/** One analysis of what the viewer may see, under the page's filters; the last answer stays while the next loads. */
export function useReport<K extends keyof Reports>(kind: K, filters: ReportFilters, extra: Extra = {}) {
  const query = reportQuery(kind, filters, extra);
  return useQuery({
    queryKey: ['analytics', kind, query],
    queryFn: () => request<Reports[K]>('GET', `/analytics/${kind}`, { query }),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
}

export function useTeams() {
  return useQuery({ queryKey: ['teams'], queryFn: () => request<{ items: TeamShape[] }>('GET', '/teams'), staleTime: 5 * 60_000, select: (answer) => answer.items });
}

export const SEGMENTS = ['segments'] as const;

export function useSegments() {
  return useQuery({ queryKey: SEGMENTS, queryFn: () => request<{ items: SegmentShape[] }>('GET', '/segments', { query: { limit: 200 } }), staleTime: 30_000, select: (answer) => answer.items });
}
