import { Type, type Static } from 'typebox';
import { analysisFilters } from './analytics.ts';
import { addMonths } from './cohorts.ts';
import { Currency, DateOnly, Nullable } from './record.ts';

/** At most this many months are reported, the latest ones. */
export const MAX_REVENUE_MONTHS = 120;

export const RevenueQuery = Type.Object({ ...analysisFilters }, { additionalProperties: false });

const Count = Type.Integer({ minimum: 0 });
const Amount = Type.Integer({ description: 'integer minor units of `currency`' });

export const RevenueReport = Type.Object({
  asOf: DateOnly,
  from: Nullable(DateOnly),
  to: Type.String({ format: 'date', maxLength: 10, description: 'last day read' }),
  utcOffset: Type.Integer({ description: 'minutes east of UTC where the days and months begin' }),
  months: Type.Array(Type.String(), { description: 'YYYY-MM, oldest first: the months of from..to (without from, the 12 months to `to`)' }),
  currencies: Type.Array(
    Type.Object({
      currency: Currency,
      orders: Count,
      total: Amount,
      months: Type.Array(Type.Object({ month: Type.String(), orders: Count, amount: Amount })),
    }),
    { description: 'one series per currency, the one with most orders first; never summed across currencies' },
  ),
});

export type RevenueQueryShape = Static<typeof RevenueQuery>;
export type RevenueReportShape = Static<typeof RevenueReport>;

/** The YYYY-MM months from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}
