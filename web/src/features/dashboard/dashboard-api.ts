import { useQuery } from '@tanstack/react-query';
import type { BirthdaysShape, DashboardShape, StageDealsShape } from '../../../../src/domain/report.ts';
import { request } from '../../lib/api.ts';

export type { BirthdaysShape, DashboardShape };

/** The viewer's time zone as minutes east of UTC, so months and "today" are theirs. */
export const utcOffset = () => -new Date().getTimezoneOffset();

export const DASHBOARD = ['reports', 'dashboard'] as const;

export function useDashboard() {
  return useQuery({
    queryKey: DASHBOARD,
    queryFn: () => request<DashboardShape>('GET', '/reports/dashboard', { query: { utcOffset: utcOffset() } }),
    staleTime: 60_000,
  });
}

export function useBirthdays() {
  return useQuery({
    queryKey: ['reports', 'birthdays'],
    queryFn: () => request<BirthdaysShape>('GET', '/reports/birthdays', { query: { utcOffset: utcOffset() } }),
    staleTime: 300_000,
  });
}

/** Deals per column of the deal board (count and amounts): open ones per stage, won and lost in their columns. */
export function usePipelineTotals() {
  return useQuery({
    queryKey: ['reports', 'pipeline'],
    queryFn: () => request<{ items: StageDealsShape[] }>('GET', '/reports/pipeline', { query: { closed: true } }),
    staleTime: 30_000,
    select: (answer) => answer.items,
  });
}
