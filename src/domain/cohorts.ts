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

/**
 * Retention cohorts from each customer's sorted list of months with an order: customers grouped
 * by their first month, counting in each later month (up to `lastMonth`) those who ordered then.
 */
export function buildCohorts(customers: Iterable<readonly string[]>, lastMonth: string, firstCohort: string | null): CohortRow[] {
  const rows = new Map<string, CohortRow>();
  for (const months of customers) {
    const first = months[0];
    if (first === undefined || first > lastMonth || (firstCohort !== null && first < firstCohort)) continue;
    let row = rows.get(first);
    if (!row) {
      row = { month: first, customers: 0, active: new Array(monthsBetween(first, lastMonth) + 1).fill(0) };
      rows.set(first, row);
    }
    row.customers++;
    for (const month of months) {
      if (month > lastMonth) break;
      const k = monthsBetween(first, month);
      row.active[k] = (row.active[k] as number) + 1;
    }
  }
  return [...rows.values()].sort((a, b) => a.month.localeCompare(b.month));
}
