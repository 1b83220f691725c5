import type { Ctx } from '../context.ts';
import type { DemoCustomerPlan } from './demo-customers.ts';
import type { Random } from './random.ts';

export const DAY = 86_400_000;

/** One seeded customer and what later steps attach to it. */
export interface DemoAccount {
  customerId: number;
  plan: DemoCustomerPlan;
  contactIds: number[];
  /** who owns the customer's deals, does its tasks and is named on its records: the owner, or (pool customers) the demo team's first member */
  workerId: number;
}

/** The use-case context with the clock stopped at `time`, so records carry realistic dates. */
export const at = (ctx: Ctx, time: Date): Ctx => ({ ...ctx, clock: { now: () => time } });

/** A random moment between `from` and `to` (or `from` when the range is empty). */
export function between(rng: Random, from: Date, to: Date): Date {
  const span = to.getTime() - from.getTime();
  return new Date(from.getTime() + (span > 0 ? Math.floor(rng.next() * span) : 0));
}

export const daysAfter = (time: Date, days: number) => new Date(time.getTime() + days * DAY);

export const earliest = (...times: Date[]) => new Date(Math.min(...times.map((t) => t.getTime())));

export const latest = (...times: Date[]) => new Date(Math.max(...times.map((t) => t.getTime())));
