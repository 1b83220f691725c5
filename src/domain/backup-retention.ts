/** How many backups to keep: the newest of each of the last N days, weeks and months that have one. */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

export const DEFAULT_RETENTION: RetentionPolicy = { daily: 7, weekly: 4, monthly: 12 };

const pad = (n: number) => String(n).padStart(2, '0');

/** Monday of the ISO week of a local calendar day (as YYYY-MM-DD). */
function weekOf(local: Date): string {
  const monday = new Date(local);
  monday.setUTCDate(local.getUTCDate() - ((local.getUTCDay() + 6) % 7));
  return monday.toISOString().slice(0, 10);
}

/**
 * Backups that are not one more copy of the day: the one taken before the last upgrade (the only one
 * the previous kehu reads) and the one taken before the last restore (what that restore replaced).
 */
const SAFETY_NETS = ['pre-migration', 'pre-restore'];

/**
 * Which backups to keep, by their creation time read at `utcOffsetMinutes` east of UTC: for each
 * of the last `daily` days (weeks, months) that have backups, the newest of that day (week,
 * month). The newest backup of all is always kept, and so is the newest taken before an upgrade
 * and before a restore (`trigger`), whatever came after them that day. Pure: the caller deletes the rest.
 */
export function backupsToKeep(backups: ReadonlyArray<{ name: string; createdAt: string; trigger?: string | undefined }>, policy: RetentionPolicy, utcOffsetMinutes: number): Set<string> {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  for (const trigger of SAFETY_NETS) {
    const newest = newestFirst.find((b) => b.trigger === trigger);
    if (newest) keep.add(newest.name);
  }
  const periods: Array<[number, (local: Date) => string]> = [
    [policy.daily, (d) => d.toISOString().slice(0, 10)],
    [policy.weekly, weekOf],
    [policy.monthly, (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`],
  ];
  for (const [count, periodOf] of periods) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= count) break;
      const local = new Date(Date.parse(backup.createdAt) + utcOffsetMinutes * 60_000);
      const period = periodOf(local);
      if (seen.has(period)) continue;
      seen.add(period);
      keep.add(backup.name);
    }
  }
  return keep;
}
