/** One scheduled instant: the slot a run claims, and when it falls. */
export interface ScheduleSlot {
  slot: string;
  at: Date;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The local calendar day (YYYY-MM-DD) and minutes since local midnight of an instant, `offset` minutes east of UTC. */
function localParts(instant: Date, offset: number) {
  const local = new Date(instant.getTime() + offset * MINUTE);
  return { day: local.toISOString().slice(0, 10), minutes: local.getUTCHours() * 60 + local.getUTCMinutes(), weekday: local.getUTCDay() };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const atLocal = (day: string, minutes: number, offset: number) => new Date(Date.parse(`${day}T00:00:00.000Z`) + (minutes - offset) * MINUTE);

/** The latest daily `time` (HH:MM local) at or before `now`. */
export function lastDailySlot(now: Date, time: string, offset: number, kind = 'backup'): ScheduleSlot {
  const { day, minutes } = localParts(now, offset);
  const target = minutesOf(time);
  const slotDay = minutes >= target ? day : localParts(new Date(now.getTime() - DAY), offset).day;
  return { slot: `${kind}:${slotDay}`, at: atLocal(slotDay, target, offset) };
}

/** The latest `weekday` (0 Sunday) at `time` at or before `now`. */
export function lastWeeklySlot(now: Date, weekday: number, time: string, offset: number, kind = 'verify'): ScheduleSlot {
  for (let back = 0; back <= 7; back++) {
    const candidate = localParts(new Date(now.getTime() - back * DAY), offset);
    if (candidate.weekday !== weekday) continue;
    const at = atLocal(candidate.day, minutesOf(time), offset);
    if (at.getTime() <= now.getTime()) return { slot: `${kind}:${candidate.day}`, at };
  }
  throw new Error('unreachable: a weekday recurs within 8 days');
}

export const nextDaily = (now: Date, time: string, offset: number): Date => new Date(lastDailySlot(now, time, offset).at.getTime() + DAY);
export const nextWeekly = (now: Date, weekday: number, time: string, offset: number): Date => new Date(lastWeeklySlot(now, weekday, time, offset).at.getTime() + 7 * DAY);
