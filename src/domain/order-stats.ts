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
export const localDay = (instant: string, utcOffset: number): number => Math.floor((Date.parse(instant) + utcOffset * 60_000) / DAY_MS);

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
