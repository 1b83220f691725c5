import { Type, type Static } from 'typebox';
import { ABC_CLASSES } from './abc.ts';
import { Currency, DateOnly, Id, Literals, Nullable } from './record.ts';
import { RFM_GROUPS } from './rfm.ts';

/** How many customers one page of an analysis lists at most. */
export const MAX_ANALYSIS_PAGE = 1_000;

const Words = Type.Object({ en: Type.String(), zh: Type.String() });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Amount = Type.Integer({ description: 'integer minor units of `currency`' });
const Count = Type.Integer({ minimum: 0 });

/** Filters every analysis takes. Dates are calendar days at the workspace's analytics offset. */
export const analysisFilters = {
  from: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'first day of orders read (YYYY-MM-DD); default: all history' })),
  to: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'last day of orders read (YYYY-MM-DD); default and at most: asOf' })),
  asOf: Type.Optional(Type.String({ format: 'date', maxLength: 10, description: 'the day the analysis stands on (YYYY-MM-DD); default today' })),
  ownerId: Type.Optional(Id),
  teamId: Type.Optional(Type.Integer({ minimum: 1, description: 'customers owned by members of this team or a team below it' })),
  segmentId: Type.Optional(Type.Integer({ minimum: 1, description: 'only the members of this segment' })),
};

const moneyFilters = {
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'orders in this currency; default: the one most customers bought in' })),
};

const pageFilters = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_ANALYSIS_PAGE, default: 50, description: 'customers listed per page' })),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
};

export const AnalysisFilter = Type.Object({ ...analysisFilters }, { additionalProperties: false });

export const RfmQuery = Type.Object({ ...analysisFilters, ...moneyFilters, ...pageFilters, group: Type.Optional(Literals(RFM_GROUPS)) }, { additionalProperties: false });
export const AbcQuery = Type.Object(
  {
    ...analysisFilters,
    ...moneyFilters,
    ...pageFilters,
    a: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.8, description: 'share of revenue that ends class A' })),
    b: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.95, description: 'share of revenue (cumulative) that ends class B' })),
    class: Type.Optional(Literals(ABC_CLASSES)),
  },
  { additionalProperties: false },
);
export const ClvQuery = Type.Object(
  {
    ...analysisFilters,
    ...moneyFilters,
    ...pageFilters,
    horizonWeeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 520, default: 52, description: 'how far ahead purchases and value are expected' })),
    refit: Type.Optional(Type.Boolean({ description: 'fit the models again even if a fit for this day exists' })),
  },
  { additionalProperties: false },
);
export const ChurnQuery = Type.Object(
  {
    ...analysisFilters,
    ...moneyFilters,
    ...pageFilters,
    threshold: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.5, description: 'churn risk from which a customer is "at risk"' })),
    atRiskOnly: Type.Optional(Type.Boolean({ description: 'list only the customers at risk' })),
  },
  { additionalProperties: false },
);
export const CohortQuery = Type.Object({ ...analysisFilters }, { additionalProperties: false });
export const ForecastQuery = Type.Object({ ...analysisFilters }, { additionalProperties: false });
export const LIFECYCLE_GROUPINGS = ['owner', 'team', 'source', 'month'] as const;
export const LifecycleQuery = Type.Object(
  { ...analysisFilters, groupBy: Type.Optional(Literals(LIFECYCLE_GROUPINGS, { description: 'a funnel per owner, team, source or month of creation' })) },
  { additionalProperties: false },
);

const Window = {
  asOf: DateOnly,
  from: Nullable(DateOnly),
  to: Type.String({ format: 'date', maxLength: 10, description: 'last day read' }),
  utcOffset: Type.Integer({ description: 'minutes east of UTC where the days begin' }),
};

const CurrencyCount = Type.Object({ currency: Currency, customers: Count });
const MoneyWindow = {
  ...Window,
  currency: Nullable(Currency),
  currencies: Type.Array(CurrencyCount, { description: 'every currency the customers bought in, most customers first; figures are never summed across them' }),
};

export const RfmCustomer = Type.Object({
  customerId: Id,
  name: Type.String(),
  recencyDays: Count,
  frequency: Count,
  monetary: Amount,
  r: Type.Integer({ minimum: 1, maximum: 5 }),
  f: Type.Integer({ minimum: 1, maximum: 5 }),
  m: Type.Integer({ minimum: 1, maximum: 5 }),
  score: Type.String({ description: 'r, f and m written together, e.g. "545"' }),
  group: Literals(RFM_GROUPS),
});

export const RfmReport = Type.Object({
  ...MoneyWindow,
  customers: Count,
  withoutOrders: Type.Integer({ minimum: 0, description: 'customers of the population with no order in the period and currency (not scored)' }),
  thresholds: Type.Object(
    {
      recencyDays: Type.Array(Nullable(Type.Number()), { description: 'R 2, 3, 4 and 5 need the last order at most this many days ago' }),
      frequency: Type.Array(Nullable(Type.Number()), { description: 'F 2, 3, 4 and 5 need at least this many orders' }),
      monetary: Type.Array(Nullable(Type.Number()), { description: 'M 2, 3, 4 and 5 need at least this revenue' }),
    },
    {
      description:
        'scores are quintiles by rank among the scored customers: 1 + ⌊5 × (share of the others that do worse)⌋; each list gives what earns scores 2 to 5 (null: nobody does)',
    },
  ),
  groups: Type.Array(Type.Object({ group: Literals(RFM_GROUPS), label: Words, customers: Count, share: Share, revenue: Amount })),
  grid: Type.Array(Type.Object({ r: Type.Integer(), fm: Type.Integer({ description: 'mean of F and M, rounded' }), customers: Count })),
  items: Type.Array(RfmCustomer),
  nextCursor: Nullable(Type.String()),
});

export const AbcCustomer = Type.Object({
  customerId: Id,
  name: Type.String(),
  rank: Type.Integer({ minimum: 1 }),
  revenue: Amount,
  share: Share,
  cumulativeShare: Share,
  class: Literals(ABC_CLASSES),
  level: Nullable(Literals(ABC_CLASSES)),
});

export const AbcReport = Type.Object({
  ...MoneyWindow,
  split: Type.Object({ a: Share, b: Share }),
  customers: Count,
  revenue: Amount,
  classes: Type.Array(Type.Object({ class: Literals(ABC_CLASSES), customers: Count, customerShare: Share, revenue: Amount, revenueShare: Share })),
  withoutRevenue: Type.Integer({ minimum: 0, description: 'customers of the population without revenue in the period (class C)' }),
  curve: Type.Array(Type.Object({ customers: Share, revenue: Share }), { description: 'share of customers (largest first) → share of revenue' }),
  items: Type.Array(AbcCustomer),
  nextCursor: Nullable(Type.String()),
});

export const AbcApply = Type.Object(
  {
    ...analysisFilters,
    currency: moneyFilters.currency,
    a: AbcQuery.properties.a,
    b: AbcQuery.properties.b,
    dryRun: Type.Optional(Type.Boolean({ description: 'count what would change and change nothing' })),
  },
  { additionalProperties: false },
);
export const AbcApplyResult = Type.Object({
  dryRun: Type.Boolean(),
  changed: Count,
  unchanged: Count,
  notWritable: Type.Integer({ minimum: 0, description: 'customers you may see but not change, left as they were' }),
});

export const BgNbdParams = Type.Object({
  r: Type.Number(),
  alpha: Type.Number(),
  a: Type.Number(),
  b: Type.Number(),
  logLikelihood: Type.Number(),
  converged: Type.Optional(
    Type.Boolean({
      description:
        'false when the fit stopped on its budget (4,000 evaluations or 8 s) or a parameter reached its bound (a and b run off together when customers drop out alike): the best parameters found, not a proven maximum. Absent on fits stored before it was recorded',
    }),
  ),
});
export const GammaGammaParams = Type.Object({
  p: Type.Number(),
  q: Type.Number(),
  gamma: Type.Number(),
  converged: Type.Optional(Type.Boolean({ description: 'false when the fit stopped on its budget (4,000 evaluations or 8 s) or q and γ ran off together: the best parameters found. Absent on fits stored before it was recorded' })),
});
export const PurchaseModel = Type.Object({
  currency: Currency,
  asOf: DateOnly,
  fittedAt: Type.String(),
  customers: Count,
  repeatCustomers: Count,
  bgnbd: Nullable(BgNbdParams),
  gammaGamma: Nullable(GammaGammaParams),
});

export const ClvCustomer = Type.Object({
  customerId: Id,
  name: Type.String(),
  frequency: Type.Integer({ minimum: 0, description: 'repeat purchase days (x)' }),
  recencyWeeks: Type.Number({ description: 'age at the last purchase (t_x), weeks' }),
  ageWeeks: Type.Number({ description: 'age at asOf (T), weeks' }),
  averageValue: Amount,
  pAlive: Share,
  expectedPurchases: Type.Number({ minimum: 0 }),
  expectedSpend: Nullable(Type.Number()),
  expectedValue: Nullable(Amount),
});

export const ClvReport = Type.Object({
  ...MoneyWindow,
  horizonWeeks: Type.Integer(),
  model: Nullable(PurchaseModel),
  bgnbd: Nullable(BgNbdParams),
  gammaGamma: Nullable(GammaGammaParams),
  customers: Count,
  expectedValue: Amount,
  distribution: Type.Array(Type.Object({ from: Amount, to: Amount, customers: Count }), { description: 'customers by expected value, in buckets' }),
  items: Type.Array(ClvCustomer),
  nextCursor: Nullable(Type.String()),
});

export const ChurnCustomer = Type.Object({
  customerId: Id,
  name: Type.String(),
  ownerId: Nullable(Id),
  churnRisk: Share,
  pAlive: Share,
  atRisk: Type.Boolean(),
  lastPurchaseAt: Type.String(),
  daysSinceLast: Count,
  usualGapDays: Nullable(Type.Number()),
  purchases: Count,
  revenue: Amount,
  reason: Words,
});

export const ChurnReport = Type.Object({
  ...MoneyWindow,
  threshold: Share,
  model: Nullable(PurchaseModel),
  customers: Count,
  atRisk: Count,
  revenueAtRisk: Type.Integer({ description: 'what the customers at risk bought in the period' }),
  items: Type.Array(ChurnCustomer, { description: 'highest risk first' }),
  nextCursor: Nullable(Type.String()),
});

export const ChurnTasksInput = Type.Object(
  {
    ...analysisFilters,
    currency: moneyFilters.currency,
    threshold: ChurnQuery.properties.threshold,
    dueInDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, default: 7 })),
    dryRun: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const ChurnTasksResult = Type.Object({
  dryRun: Type.Boolean(),
  atRisk: Count,
  created: Type.Integer({ minimum: 0, description: 'tasks made (with dryRun: that would be made)' }),
  alreadyOpen: Type.Integer({ minimum: 0, description: 'customers that already had an open win-back task' }),
  notWritable: Type.Integer({ minimum: 0, description: 'customers you may see but not change' }),
  taskIds: Type.Array(Id),
});

/** Win-back tasks start with this, so a second run finds the open ones and makes no duplicates. */
export const WIN_BACK_TITLE = '挽回客户 Win back:';

export const CohortReport = Type.Object({
  ...Window,
  months: Type.Array(Type.String(), { description: 'the cohort months, oldest first' }),
  cohorts: Type.Array(
    Type.Object({
      month: Type.String({ description: 'month of the first order (YYYY-MM)' }),
      customers: Count,
      active: Type.Array(Count, { description: 'customers of the cohort with an order k months after their first month, k = 0, 1, …' }),
      retention: Type.Array(Share, { description: 'active[k] / customers' }),
    }),
  ),
});

const DealSums = Type.Object({ currency: Currency, deals: Count, amount: Amount, weighted: Amount });
export const ForecastReport = Type.Object({
  ...Window,
  months: Type.Array(Type.Object({ month: Nullable(Type.String({ description: 'YYYY-MM of the expected close; null: no date' })), ...DealSums.properties })),
  owners: Type.Array(Type.Object({ ownerId: Nullable(Id), name: Nullable(Type.String()), ...DealSums.properties })),
  teams: Type.Array(Type.Object({ teamId: Nullable(Id), name: Nullable(Type.String()), ...DealSums.properties })),
  closed: Type.Object({
    won: Count,
    lost: Count,
    winRate: Nullable(Share),
    lossRate: Nullable(Share),
    averageDaysToClose: Nullable(Type.Number({ description: 'from creation to close, won deals' })),
    wonAmounts: Type.Array(Type.Object({ currency: Currency, amount: Amount })),
  }, { description: 'deals closed in the period' }),
});

const StageFigures = Type.Object({
  stage: Type.String(),
  current: Count,
  entered: Type.Integer({ minimum: 0, description: 'customers who entered the stage in the period (a new customer enters its first stage)' }),
  medianDaysInStage: Nullable(Type.Number({ description: 'median days between entering and leaving the stage, stays that ended in the period' })),
});
const Conversion = Type.Object({
  from: Type.String(),
  to: Type.String(),
  customers: Count,
  converted: Count,
  rate: Nullable(Share),
  medianDays: Nullable(Type.Number({ description: 'median days from entering `from` to entering `to`' })),
});
const Funnel = Type.Object({ stages: Type.Array(StageFigures), conversions: Type.Array(Conversion) });
export const LifecycleReport = Type.Object({
  ...Window,
  ...Funnel.properties,
  groups: Type.Array(Type.Object({ key: Nullable(Type.String()), label: Nullable(Type.String()), ...Funnel.properties }), {
    description: 'the same funnel per owner, team, source or month when `groupBy` asks',
  }),
});

export type AnalysisFilterShape = Static<typeof AnalysisFilter>;
export type RfmQueryShape = Static<typeof RfmQuery>;
export type RfmReportShape = Static<typeof RfmReport>;
export type AbcQueryShape = Static<typeof AbcQuery>;
export type AbcReportShape = Static<typeof AbcReport>;
export type AbcApplyInput = Static<typeof AbcApply>;
export type AbcApplyResultShape = Static<typeof AbcApplyResult>;
export type ClvQueryShape = Static<typeof ClvQuery>;
export type ClvReportShape = Static<typeof ClvReport>;
export type PurchaseModelShape = Static<typeof PurchaseModel>;
export type ChurnQueryShape = Static<typeof ChurnQuery>;
export type ChurnReportShape = Static<typeof ChurnReport>;
export type ChurnCustomerShape = Static<typeof ChurnCustomer>;
export type ChurnTasksInputShape = Static<typeof ChurnTasksInput>;
export type ChurnTasksResultShape = Static<typeof ChurnTasksResult>;
export type CohortQueryShape = Static<typeof CohortQuery>;
export type CohortReportShape = Static<typeof CohortReport>;
export type ForecastQueryShape = Static<typeof ForecastQuery>;
export type ForecastReportShape = Static<typeof ForecastReport>;
export type LifecycleQueryShape = Static<typeof LifecycleQuery>;
export type LifecycleReportShape = Static<typeof LifecycleReport>;

/** An offset into a computed list as an opaque cursor, and back (null when it is not one of ours). */
export const offsetCursor = (offset: number): string => `o${offset.toString(36)}`;
export function cursorOffset(cursor: string | undefined): number | null {
  if (cursor === undefined) return 0;
  if (!/^o[0-9a-z]{1,10}$/.test(cursor)) return null;
  const n = Number.parseInt(cursor.slice(1), 36);
  return Number.isSafeInteger(n) ? n : null;
}
