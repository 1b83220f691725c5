import { navigate, useLocation } from '../../app/router.tsx';

/** The filters every report takes, as the API names them; kept in the page's address so a view can be shared. */
export interface ReportFilters {
  from?: string;
  to?: string;
  ownerId?: number;
  teamId?: number;
  segmentId?: number;
  currency?: string;
}

const NUMBERS = ['ownerId', 'teamId', 'segmentId'] as const;
const TEXTS = ['from', 'to', 'currency'] as const;
const PATTERNS: Record<(typeof TEXTS)[number], RegExp> = { from: /^\d{4}-\d{2}-\d{2}$/, to: /^\d{4}-\d{2}-\d{2}$/, currency: /^[A-Z]{3}$/ };

export function readFilters(search: URLSearchParams): ReportFilters {
  const filters: ReportFilters = {};
  for (const key of NUMBERS) {
    const n = Number(search.get(key));
    if (Number.isSafeInteger(n) && n > 0) filters[key] = n;
  }
  for (const key of TEXTS) {
    const text = search.get(key);
    if (text && PATTERNS[key].test(text)) filters[key] = text;
  }
  return filters;
}

/** The filters of the current address, and a setter that merges a change into it (undefined clears). */
export function useReportFilters(): [ReportFilters, (change: Partial<Record<keyof ReportFilters, string | number | undefined>>) => void] {
  const location = useLocation();
  const filters = readFilters(location.search);
  const change = (next: Partial<Record<keyof ReportFilters, string | number | undefined>>) => {
    const params = new URLSearchParams(location.search);
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '') params.delete(key);
      else params.set(key, String(value));
    }
    const text = params.toString();
    navigate(`${location.pathname}${text ? `?${text}` : ''}`, { replace: true });
  };
  return [filters, change];
}

/** A local calendar day as YYYY-MM-DD. */
const day = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;

/** Period presets: the last 12 months up to today, this calendar year, last calendar year. */
export function presetRange(preset: 'last12' | 'thisYear' | 'lastYear', today = new Date()): { from: string; to: string } {
  const year = today.getFullYear();
  if (preset === 'thisYear') return { from: `${year}-01-01`, to: day(today) };
  if (preset === 'lastYear') return { from: `${year - 1}-01-01`, to: `${year - 1}-12-31` };
  const from = new Date(year - 1, today.getMonth(), today.getDate() + 1);
  return { from: day(from), to: day(today) };
}
