import type { FieldError } from './errors.ts';
import { isStorableDate } from './instant.ts';

const DAY_MS = 86_400_000;

/** The period an analysis reads and the day it stands on, as instants and as calendar days. */
export interface AnalysisWindow {
  /** YYYY-MM-DD: the day the analysis stands on (recency, P(alive) and cohorts are measured to its end) */
  asOf: string;
  /** first day read (inclusive), or null for all history */
  from: string | null;
  /** last day read (inclusive): `to` or, when later or absent, `asOf` */
  to: string;
  /** `from` 00:00 as a UTC instant at the analytics offset, or null */
  fromInstant: string | null;
  /** the moment after `to` ends: orders before it count */
  endInstant: string;
  /** `to` as whole days since 1970-01-01 (the last day counted) */
  endDay: number;
  utcOffset: number;
}

const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const instantOf = (day: number, utcOffset: number) => new Date(day * DAY_MS - utcOffset * 60_000).toISOString();
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** How far past today an analysis may stand (`asOf`). */
const MAX_DAYS_AHEAD = 366;

/** Today's date at `utcOffset` minutes east of UTC. */
export const localToday = (now: Date, utcOffset: number): string => dateOf(Math.floor((now.getTime() + utcOffset * 60_000) / DAY_MS));

/**
 * The window of an analysis from its `from`, `to` and `asOf` dates (YYYY-MM-DD, days at the
 * analytics offset). `asOf` defaults to today; nothing after it counts, so `to` is capped there.
 * Problems are pushed to `errors` naming the parameter.
 */
export function analysisWindow(
  query: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined },
  now: Date,
  utcOffset: number,
  errors: FieldError[],
): AnalysisWindow {
  for (const field of ['from', 'to', 'asOf'] as const) {
    const value = query[field];
    if (value !== undefined && !isStorableDate(value)) errors.push({ field, message: 'must be a date written YYYY-MM-DD', code: 'field.date' });
  }
  const valid = (v: string | undefined) => (v !== undefined && isStorableDate(v) ? v : undefined);
  const today = localToday(now, utcOffset);
  // an analysis stands on a day that has been or is near: each day asked for may cost a fit of the purchase model
  const latest = dateOf(dayOf(today) + MAX_DAYS_AHEAD);
  if (valid(query.asOf) !== undefined && dayOf(query.asOf as string) > dayOf(latest)) errors.push({ field: 'asOf', message: `must not be after ${latest} (a year from today)`, code: 'field.as_of_too_late', params: { date: latest } });
  const asOf = valid(query.asOf) ?? today;
  const from = valid(query.from) ?? null;
  const to = valid(query.to);
  const endDay = Math.min(dayOf(asOf), to === undefined ? Infinity : dayOf(to));
  if (from !== null && dayOf(from) > endDay) errors.push({ field: 'from', message: `must not be after ${dateOf(endDay)} (the end of the period)`, code: 'field.after_period_end', params: { date: dateOf(endDay) } });
  return {
    asOf,
    from,
    to: dateOf(endDay),
    fromInstant: from === null ? null : instantOf(dayOf(from), utcOffset),
    endInstant: instantOf(endDay + 1, utcOffset),
    endDay,
    utcOffset,
  };
}
