import { CUSTOMER_STAGES } from './customer.ts';

export type Stage = (typeof CUSTOMER_STAGES)[number];

/** The stages a customer is won through, in order; churned and lost are ways out. */
export const FUNNEL: readonly Stage[] = ['lead', 'prospect', 'customer'];

/** One customer's path through the stages: where it started and every change since. */
export interface Timeline {
  createdAt: number;
  /** the stage now */
  stage: Stage;
  changes: Array<{ at: number; from: Stage; to: Stage }>;
}

export interface Stay {
  stage: Stage;
  enteredAt: number;
  leftAt: number | null;
}

/** The stays of a timeline, oldest first: the first stage from creation, then one per change. */
export function staysOf(t: Timeline): Stay[] {
  const first = t.changes[0]?.from ?? t.stage;
  const stays: Stay[] = [{ stage: first, enteredAt: t.createdAt, leftAt: null }];
  for (const c of t.changes) {
    (stays[stays.length - 1] as Stay).leftAt = c.at;
    stays.push({ stage: c.to, enteredAt: c.at, leftAt: null });
  }
  return stays;
}

const DAY_MS = 86_400_000;

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return Math.round((m / DAY_MS) * 10) / 10;
};

export interface FunnelFigures {
  stages: Array<{ stage: Stage; current: number; entered: number; medianDaysInStage: number | null }>;
  conversions: Array<{ from: Stage; to: Stage; customers: number; converted: number; rate: number | null; medianDays: number | null }>;
}

const funnelRank = (s: Stage) => FUNNEL.indexOf(s);

/** The pairs a funnel reports: each step, the whole way, and the ways out. */
const PAIRS: ReadonlyArray<[Stage, Stage]> = [
  ['lead', 'prospect'],
  ['prospect', 'customer'],
  ['lead', 'customer'],
  ['customer', 'churned'],
  ['lead', 'lost'],
  ['prospect', 'lost'],
];

/**
 * Funnel figures over timelines: per stage how many are in it now, how many entered it in
 * [from, to) and the median length of stays that ended then; per pair of stages how many of
 * those who entered the first in the period went on to reach the second (for funnel stages,
 * the second or a later one) by `to`, and the median days it took.
 */
export function funnelFigures(timelines: Iterable<Timeline>, from: number | null, to: number): FunnelFigures {
  const current = new Map<Stage, number>();
  const entered = new Map<Stage, number>();
  const stayLengths = new Map<Stage, number[]>();
  const pairs = PAIRS.map(([a, b]) => ({ from: a, to: b, customers: 0, converted: 0, days: [] as number[] }));
  const inPeriod = (at: number) => (from === null || at >= from) && at < to;
  for (const t of timelines) {
    current.set(t.stage, (current.get(t.stage) ?? 0) + 1);
    const stays = staysOf(t);
    for (const s of stays) {
      if (inPeriod(s.enteredAt)) entered.set(s.stage, (entered.get(s.stage) ?? 0) + 1);
      if (s.leftAt !== null && inPeriod(s.leftAt)) {
        const list = stayLengths.get(s.stage) ?? [];
        list.push(s.leftAt - s.enteredAt);
        stayLengths.set(s.stage, list);
      }
    }
    for (const p of pairs) {
      const start = stays.find((s) => s.stage === p.from && inPeriod(s.enteredAt));
      if (!start) continue;
      p.customers++;
      const reaches = (s: Stay) => (funnelRank(p.to) >= 0 && funnelRank(s.stage) >= funnelRank(p.to)) || s.stage === p.to;
      const reached = stays.find((s) => s.enteredAt >= start.enteredAt && s !== start && s.enteredAt < to && reaches(s));
      if (reached) {
        p.converted++;
        p.days.push(reached.enteredAt - start.enteredAt);
      }
    }
  }
  return {
    stages: CUSTOMER_STAGES.map((stage) => ({ stage, current: current.get(stage) ?? 0, entered: entered.get(stage) ?? 0, medianDaysInStage: median(stayLengths.get(stage) ?? []) })),
    conversions: pairs.map((p) => ({ from: p.from, to: p.to, customers: p.customers, converted: p.converted, rate: p.customers > 0 ? p.converted / p.customers : null, medianDays: median(p.days) })),
  };
}
