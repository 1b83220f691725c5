import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape } from '../../../../src/domain/analytics.ts';
import type { SegmentShape } from '../../../../src/domain/segment.ts';
import type { TeamShape } from '../../../../src/domain/team.ts';
import { request } from '../../lib/api.ts';
import type { ReportFilters } from './filters.ts';

export type { AbcReportShape, ChurnReportShape, ClvReportShape, CohortReportShape, ForecastReportShape, LifecycleReportShape, RfmReportShape };

interface Reports {
  rfm: RfmReportShape;
  abc: AbcReportShape;
  clv: ClvReportShape;
  churn: ChurnReportShape;
  cohorts: CohortReportShape;
  forecast: ForecastReportShape;
  lifecycle: LifecycleReportShape;
}

type Extra = Record<string, string | number | boolean | undefined>;

/** Which filters each report takes: cohorts, forecast and lifecycle read no single currency. */
const TAKES_CURRENCY: ReadonlySet<keyof Reports> = new Set(['rfm', 'abc', 'clv', 'churn']);

/** One analysis of what the viewer may see, under the page's filters; the last answer stays while the next loads. */
export function useReport<K extends keyof Reports>(kind: K, filters: ReportFilters, extra: Extra = {}) {
  const { currency, ...common } = filters;
  const query = { ...common, ...(TAKES_CURRENCY.has(kind) ? { currency } : {}), ...extra };
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
