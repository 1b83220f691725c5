import { Type, type Static } from 'typebox';
import { CUSTOMER_STAGES } from './customer.ts';
import { Birthday as BirthdayDate, birthdayMonthDay } from './birthday.ts';
import { Currency, DateOnly, Id, Literals, Nullable } from './record.ts';
import { Task } from './task.ts';

/** Months a dashboard chart covers, the current one last. */
export const REPORT_MONTHS = 12;
/** How many customers the top-customers list names. */
export const TOP_CUSTOMERS = 10;
/** How many of the actor's next open tasks the dashboard lists. */
export const NEXT_TASKS = 5;
/** How many days ahead the birthday reminders look, today included. */
export const BIRTHDAY_DAYS = 7;

const Count = Type.Integer({ minimum: 0 });
const Amount = Type.Integer({ description: 'integer minor units (fen, cents)' });
const Month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$', description: 'YYYY-MM, in the time zone asked for' });

export const ReportQuery = Type.Object(
  {
    utcOffset: Type.Optional(
      Type.Integer({
        minimum: -720,
        maximum: 840,
        default: 0,
        description: 'the viewer’s time zone as minutes east of UTC (480 for China): where months and "today" begin',
      }),
    ),
  },
  { additionalProperties: false },
);

export const FunnelStep = Type.Object({ stage: Literals(CUSTOMER_STAGES), count: Count });

export const MonthCount = Type.Object({ month: Month, count: Count });

export const CurrencyRevenue = Type.Object({
  currency: Currency,
  total: Amount,
  orders: Count,
  months: Type.Array(Type.Object({ month: Month, amount: Amount, orders: Count }), { description: 'every month of the window, oldest first' }),
});

export const TopCustomer = Type.Object({ customerId: Id, name: Type.String(), currency: Currency, amount: Amount, orders: Count });

export const MyTasks = Type.Object({
  open: Type.Integer({ minimum: 0, description: 'not done, assigned to you' }),
  overdue: Type.Integer({ minimum: 0, description: 'open and due before now' }),
  dueToday: Type.Integer({ minimum: 0, description: 'open and due from now until the end of today' }),
  next: Type.Array(Task, { description: 'your open tasks due soonest (overdue first, undated last)' }),
});

export const StageDeals = Type.Object({
  stageId: Id,
  name: Type.String(),
  position: Type.Integer(),
  probability: Type.Integer(),
  count: Count,
  amounts: Type.Array(Type.Object({ currency: Currency, amount: Amount }), { description: 'sum of the open deals’ amounts, per currency, the currency with most deals first' }),
});

export const Dashboard = Type.Object({
  months: Type.Array(Month, { description: `the last ${REPORT_MONTHS} months, oldest first` }),
  funnel: Type.Array(FunnelStep, { description: 'customers you may see, by stage, in funnel order' }),
  newCustomers: Type.Array(MonthCount, { description: 'customers created per month' }),
  revenue: Type.Array(CurrencyRevenue, {
    description: 'orders (not cancelled or refunded) per month of ordered_at, one entry per currency, the one with most orders first',
  }),
  topCustomers: Type.Array(TopCustomer, { description: `the ${TOP_CUSTOMERS} customers with the most revenue in the window in each currency (amounts in two currencies are never compared or summed), the currency with most orders first, largest first within it` }),
  myTasks: MyTasks,
  pipeline: Type.Array(StageDeals, { description: 'open deals per pipeline stage, in board order' }),
});

export const Birthday = Type.Object({
  contactId: Id,
  name: Type.String(),
  customerId: Nullable(Id),
  customerName: Nullable(Type.String()),
  birthday: BirthdayDate,
  next: Type.Object({ date: DateOnly, inDays: Type.Integer({ minimum: 0 }) }, { description: 'the coming birthday' }),
});

export const Birthdays = Type.Object({
  items: Type.Array(Birthday, { description: `contacts whose birthday falls in the next ${BIRTHDAY_DAYS} days, soonest first` }),
});

export type ReportFilter = Static<typeof ReportQuery>;
export type FunnelStepShape = Static<typeof FunnelStep>;
export type MonthCountShape = Static<typeof MonthCount>;
export type CurrencyRevenueShape = Static<typeof CurrencyRevenue>;
export type TopCustomerShape = Static<typeof TopCustomer>;
export type MyTasksShape = Static<typeof MyTasks>;
export type StageDealsShape = Static<typeof StageDeals>;
export type DashboardShape = Static<typeof Dashboard>;
export type BirthdayShape = Static<typeof Birthday>;
export type BirthdaysShape = Static<typeof Birthdays>;

/** The viewer's calendar: months and days as seen `utcOffset` minutes east of UTC. */
export interface ReportWindow {
  utcOffset: number;
  /** `REPORT_MONTHS` months, oldest first (YYYY-MM) */
  months: string[];
  /** start of the oldest month, as a UTC instant (ISO) */
  from: string;
  /** start of today and of tomorrow, as UTC instants (ISO) */
  todayStart: string;
  tomorrowStart: string;
  /** today's date (YYYY-MM-DD) */
  today: string;
}

const MINUTE = 60_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** The report window for `now`, seen from `utcOffset` minutes east of UTC. */
export function reportWindow(now: Date, utcOffset = 0): ReportWindow {
  const local = new Date(now.getTime() + utcOffset * MINUTE);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const months = Array.from({ length: REPORT_MONTHS }, (_, i) => {
    const d = new Date(Date.UTC(year, month - (REPORT_MONTHS - 1) + i, 1));
    return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
  });
  const instant = (ms: number) => new Date(ms - utcOffset * MINUTE).toISOString();
  const dayStart = Date.UTC(year, month, local.getUTCDate());
  return {
    utcOffset,
    months,
    from: instant(Date.UTC(year, month - (REPORT_MONTHS - 1), 1)),
    todayStart: instant(dayStart),
    tomorrowStart: instant(dayStart + 24 * 60 * MINUTE),
    today: `${year}-${pad(month + 1)}-${pad(local.getUTCDate())}`,
  };
}

/**
 * The next occurrence (on or after `today`, YYYY-MM-DD) of a birthday (with or without its year), and how many days
 * away it is. A 29 February birthday falls on 28 February in other years.
 */
export function nextBirthday(birthday: string, today: string): { date: string; inDays: number } {
  const [bm, bd] = birthdayMonthDay(birthday).split('-').map(Number) as [number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const on = (year: number) => {
    const isLeap = new Date(Date.UTC(year, 1, 29)).getUTCMonth() === 1;
    const day = bm === 2 && bd === 29 && !isLeap ? 28 : bd;
    return Date.UTC(year, bm - 1, day);
  };
  const todayMs = Date.UTC(ty, tm - 1, td);
  const next = on(ty) >= todayMs ? on(ty) : on(ty + 1);
  const date = new Date(next);
  return { date: `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`, inDays: Math.round((next - todayMs) / (24 * 60 * MINUTE)) };
}

export const PipelineQuery = Type.Object(
  { closed: Type.Optional(Type.Boolean({ description: 'as the deal board shows it: won deals in the first 100 % stage, lost deals in the first 0 % stage' })) },
  { additionalProperties: false },
);
