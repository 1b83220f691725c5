/**
 * Where analytics draw the line between days and months: minutes east of UTC. A workspace
 * that never set it counts in China Standard Time, as it counts money in CNY by default.
 */
export const DEFAULT_ANALYTICS_UTC_OFFSET = 480;

const DAY_MS = 86_400_000;

/** One order as the per-customer aggregates read it: live, not cancelled or refunded. */
export interface OrderFact {
  orderedAt: string;
  currency: string;
  total: number;
}

/** What kehu keeps per customer and currency, so reports need not read every order. */
export interface OrderStats {
  currency: string;
  orders: number;
  total: number;
  firstOrderAt: string;
  lastOrderAt: string;
  /** distinct calendar days with an order */
  purchaseDays: number;
  /** the value ordered on the first of those days */
  firstDayTotal: number;
  /** the calendar months (YYYY-MM) with an order, oldest first */
  months: string[];
}

/** The calendar day of an instant, as whole days since 1970-01-01, at `utcOffset` minutes east of UTC. */
export function localDay(instant: string, utcOffset: number): number {
  const utc = isoUtcParts(instant);
  if (utc === null) return Math.floor((Date.parse(instant) + utcOffset * 60_000) / DAY_MS);
  return utc.day + Math.floor((utc.ms + utcOffset * 60_000) / DAY_MS);
}

const digits = (s: string, from: number, count: number): number => {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
};

/**
 * An instant as stored (`YYYY-MM-DDTHH:MM:SS.sssZ`, as toISOString writes it) split into its UTC
 * day since 1970-01-01 and milliseconds into that day, without a Date: analyses read a million of
 * them. Null for any other form, which Date.parse reads.
 */
function isoUtcParts(s: string): { day: number; ms: number } | null {
  if (s.length !== 24 || s[4] !== '-' || s[7] !== '-' || s[10] !== 'T' || s[13] !== ':' || s[16] !== ':' || s[19] !== '.' || s[23] !== 'Z') return null;
  const y = digits(s, 0, 4);
  const m = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  const ms = digits(s, 20, 3);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 28 + (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 1 : 0) : m === 4 || m === 6 || m === 9 || m === 11 ? 2 : 3) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59 || ms < 0) return null;
  // days from the civil date (Howard Hinnant's algorithm)
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return { day: era * 146_097 + doe - 719_468, ms: ((h * 60 + mi) * 60 + sec) * 1000 + ms };
}

/** The calendar month (YYYY-MM) of an instant at `utcOffset` minutes east of UTC. */
export const localMonth = (instant: string, utcOffset: number): string => new Date(Date.parse(instant) + utcOffset * 60_000).toISOString().slice(0, 7);

/** One customer's orders summarised per currency, the currency with the most orders first. */
export function orderStatsOf(orders: readonly OrderFact[], utcOffset: number): OrderStats[] {
  const byCurrency = new Map<string, OrderFact[]>();
  for (const order of orders) {
    const list = byCurrency.get(order.currency);
    if (list) list.push(order);
    else byCurrency.set(order.currency, [order]);
  }
  const out: OrderStats[] = [];
  for (const [currency, list] of byCurrency) {
    const sorted = [...list].sort((a, b) => Date.parse(a.orderedAt) - Date.parse(b.orderedAt));
    const first = sorted[0] as OrderFact;
    const firstDay = localDay(first.orderedAt, utcOffset);
    const days = new Set<number>();
    const months = new Set<string>();
    let total = 0;
    let firstDayTotal = 0;
    for (const o of sorted) {
      const day = localDay(o.orderedAt, utcOffset);
      days.add(day);
      months.add(localMonth(o.orderedAt, utcOffset));
      total += o.total;
      if (day === firstDay) firstDayTotal += o.total;
    }
    out.push({
      currency,
      orders: sorted.length,
      total,
      firstOrderAt: first.orderedAt,
      lastOrderAt: (sorted[sorted.length - 1] as OrderFact).orderedAt,
      purchaseDays: days.size,
      firstDayTotal,
      months: [...months].sort(),
    });
  }
  return out.sort((a, b) => b.orders - a.orders || a.currency.localeCompare(b.currency));
}
