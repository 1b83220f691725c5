/** Months from `a` to `b` (both YYYY-MM); negative when `b` is earlier. */
export function monthsBetween(a: string, b: string): number {
  const [ay, am] = a.split('-').map(Number) as [number, number];
  const [by, bm] = b.split('-').map(Number) as [number, number];
  return (by - ay) * 12 + (bm - am);
}

/** The month `k` months after `month` (YYYY-MM). */
export function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + k, 1));
  return d.toISOString().slice(0, 7);
}

export interface CohortRow {
  /** the month of the customers' first order */
  month: string;
  customers: number;
  /** customers with an order k months after their first month, k = 0 … up to the last month */
  active: number[];
}

/** A YYYY-MM month as a month count (year × 12 + month − 1), read from `text` at `at` without slicing (no closure: it runs ten million times). */
function monthIndexAt(text: string, at: number): number {
  const year = (text.charCodeAt(at) - 48) * 1000 + (text.charCodeAt(at + 1) - 48) * 100 + (text.charCodeAt(at + 2) - 48) * 10 + (text.charCodeAt(at + 3) - 48);
  return year * 12 + (text.charCodeAt(at + 5) - 48) * 10 + (text.charCodeAt(at + 6) - 48) - 1;
}

/**
 * Retention cohorts from each customer's sorted list of months with an order: customers grouped
 * by their first month, counting in each later month (up to `lastMonth`) those who ordered then.
 */
export function buildCohorts(customers: Iterable<readonly string[]>, lastMonth: string, firstCohort: string | null): CohortRow[] {
  return buildCohortsFromJoined(Array.from(customers, (months) => months.join(',')), lastMonth, firstCohort);
}

/**
 * As buildCohorts, each customer's months given as the kept aggregates hold them: YYYY-MM
 * comma-separated, oldest first. Read in place: a million customers make no arrays.
 */
export function buildCohortsFromJoined(customers: readonly string[], lastMonth: string, firstCohort: string | null): CohortRow[] {
  const last = monthIndexAt(lastMonth, 0);
  const firstAllowed = firstCohort === null ? -Infinity : monthIndexAt(firstCohort, 0);
  const rows = new Map<number, { customers: number; active: number[] }>();
  for (let i = 0; i < customers.length; i++) {
    const months = customers[i] as string;
    if (months.length < 7) continue;
    const first = monthIndexAt(months, 0);
    if (first > last || first < firstAllowed) continue;
    let row = rows.get(first);
    if (!row) {
      row = { customers: 0, active: new Array(last - first + 1).fill(0) };
      rows.set(first, row);
    }
    row.customers++;
    for (let at = 0; at + 7 <= months.length; at += 8) {
      const month = monthIndexAt(months, at);
      if (month > last) break;
      row.active[month - first] = (row.active[month - first] as number) + 1;
    }
  }
  const monthOf = (index: number) => `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  return [...rows]
    .sort(([a], [b]) => a - b)
    .map(([index, row]) => ({ month: monthOf(index), customers: row.customers, active: row.active }));
}
