import { Type, type Static } from 'typebox';
import { ABC_CLASSES } from './abc.ts';
import { Currency, DateOnly, Id, Literals, Nullable } from './record.ts';
import { RFM_GROUPS } from './rfm.ts';

const Words = Type.Object({ en: Type.String(), zh: Type.String() });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Amount = Type.Integer({ description: 'integer minor units of `currency`' });
const Count = Type.Integer({ minimum: 0 });

export const CustomerProfileQuery = Type.Object(
  {
    asOf: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'the day the profile stands on (YYYY-MM-DD); default today' })),
    horizonWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 520, default: 52, description: 'how far ahead purchases and value are expected' })),
  },
  { additionalProperties: false },
);

/** One customer's standing in one currency, against every customer the caller may see who bought in it. */
export const CurrencyProfile = Type.Object({
  currency: Currency,
  comparedWith: Type.Integer({ minimum: 1, description: 'customers you may see with orders in this currency up to asOf: the RFM, ABC, share and percentile are among them' }),
  orders: Count,
  revenue: Amount,
  firstOrderAt: Type.String(),
  lastOrderAt: Type.String(),
  rfm: Type.Object({
    recencyDays: Count,
    frequency: Count,
    monetary: Amount,
    r: Type.Integer({ minimum: 1, maximum: 5 }),
    f: Type.Integer({ minimum: 1, maximum: 5 }),
    m: Type.Integer({ minimum: 1, maximum: 5 }),
    score: Type.String(),
    group: Literals(RFM_GROUPS),
    label: Words,
  }),
  abc: Type.Object({
    class: Literals(ABC_CLASSES),
    rank: Type.Integer({ minimum: 1, description: 'by revenue, largest first' }),
    cumulativeShare: Share,
  }),
  shareOfRevenue: Type.Number({ minimum: 0, maximum: 1, description: 'this customer’s revenue / the revenue of everyone compared' }),
  percentile: Type.Number({ minimum: 0, maximum: 100, description: 'share of the compared customers with less revenue, in per cent' }),
  clv: Type.Object({
    pAlive: Share,
    churnRisk: Share,
    expectedPurchases: Type.Number({ minimum: 0, description: 'within horizonWeeks' }),
    expectedValue: Nullable(Amount),
    horizonWeeks: Type.Integer(),
    fitted: Type.Boolean({ description: 'false when the workspace has too little history in this currency to fit the models (pAlive then 1)' }),
  }),
  nextExpectedPurchase: Nullable(DateOnly),
  rhythm: Type.Object({
    purchaseDays: Count,
    usualGapDays: Nullable(Type.Number({ description: 'mean days between purchase days' })),
    daysSinceLast: Count,
    activeMonths: Count,
    reason: Words,
  }),
  favouriteProducts: Type.Array(Type.Object({ product: Type.String(), orders: Count, quantity: Type.Number(), amount: Amount }), { description: 'most bought first (by amount), at most five' }),
});

export const CustomerProfile = Type.Object({
  customerId: Id,
  name: Type.String(),
  asOf: DateOnly,
  utcOffset: Type.Integer({ description: 'minutes east of UTC where the days begin' }),
  currencies: Type.Array(CurrencyProfile, { description: 'one per currency the customer bought in, most orders first; never summed across currencies' }),
});

export type CustomerProfileQueryShape = Static<typeof CustomerProfileQuery>;
export type CurrencyProfileShape = Static<typeof CurrencyProfile>;
export type CustomerProfileShape = Static<typeof CustomerProfile>;
