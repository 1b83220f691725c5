/** Days per time unit of the purchase models: they count in weeks, as the literature does. */
export const DAYS_PER_PERIOD = 7;

/**
 * One customer's purchase history as the BG/NBD and Gamma-Gamma models read it, in weeks:
 * `x` repeat purchases (purchase days after the first), `tx` the age of the customer at the
 * last purchase, `T` the age at the end of the observation, `zbar` the mean value of the repeat
 * purchases (0 without any).
 */
export interface PurchaseSummary {
  x: number;
  tx: number;
  T: number;
  zbar: number;
}

export interface DayPurchase {
  /** whole days since any fixed epoch (e.g. days since 1970-01-01 UTC) */
  day: number;
  amount: number;
}

/**
 * The summary of one customer's purchases up to and including `endDay`: purchases on the same
 * day count as one (their amounts added), later ones are ignored. Null for a customer with no
 * purchase by then.
 */
export function summarisePurchases(purchases: readonly DayPurchase[], endDay: number): PurchaseSummary | null {
  const byDay = new Map<number, number>();
  for (const p of purchases) if (p.day <= endDay) byDay.set(p.day, (byDay.get(p.day) ?? 0) + p.amount);
  if (byDay.size === 0) return null;
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const first = days[0] as number;
  const last = days[days.length - 1] as number;
  const repeatTotal = days.slice(1).reduce((sum, day) => sum + (byDay.get(day) as number), 0);
  return fromDayAggregates({ firstDay: first, lastDay: last, purchaseDays: days.length, repeatAmount: repeatTotal }, endDay);
}

/** The summary from per-customer aggregates a database can keep: first and last purchase day, distinct purchase days, value after the first day. */
export function fromDayAggregates(a: { firstDay: number; lastDay: number; purchaseDays: number; repeatAmount: number }, endDay: number): PurchaseSummary {
  const x = a.purchaseDays - 1;
  return {
    x,
    tx: (a.lastDay - a.firstDay) / DAYS_PER_PERIOD,
    T: (endDay - a.firstDay) / DAYS_PER_PERIOD,
    zbar: x > 0 ? a.repeatAmount / x : 0,
  };
}

const DAY_MS = 86_400_000;

/** Whole days since 1970-01-01 of a YYYY-MM-DD date or an ISO instant, at `utcOffsetMinutes` east of UTC. */
export function dayNumber(value: string, utcOffsetMinutes = 0): number {
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Math.floor((ms + (value.length === 10 ? 0 : utcOffsetMinutes * 60_000)) / DAY_MS);
}
