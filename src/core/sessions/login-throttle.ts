import { AppError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';

const WINDOW_MS = 15 * 60_000;
const SLOW_AFTER = 5;
const LOCK_AFTER = 10;
const LOCK_MS = 15 * 60_000;
// Enough rows to find ten failures within 15 minutes among the last 30 minutes' worth.
const SCAN_LIMIT = 50;

/** A 429 that tells the client when to try again (the route sets Retry-After from it). */
export class LoginThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', { message: `too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)` });
  }
}

async function recentFailures(deps: Deps, column: 'email' | 'ip', value: string, since: string): Promise<number[]> {
  const rows = await deps.db
    .selectFrom('login_attempts')
    .select('at')
    .where(column, '=', value)
    .where('succeeded', '=', false)
    .where('at', '>', since)
    .orderBy('at', 'desc')
    .limit(SCAN_LIMIT)
    .execute();
  return rows.map((r) => Date.parse(String(r.at)));
}

// Five failures within the window slow further attempts until the fifth-latest leaves it;
// attempts made meanwhile count as failures too, and ten within one window lock the key for
// 15 minutes after the tenth (attempts during a lock do not extend it, so Retry-After holds).
// `failures` is newest first.
function waitMs(failures: number[], now: number): { wait: number; locked: boolean } {
  const inWindow = failures.filter((at) => at > now - WINDOW_MS);
  const fifth = inWindow[SLOW_AFTER - 1];
  const slow = fifth === undefined ? 0 : fifth + WINDOW_MS - now;
  const lockStart = failures.findIndex((at, i) => {
    const tenthBack = failures[i + LOCK_AFTER - 1];
    return tenthBack !== undefined && at - tenthBack <= WINDOW_MS;
  });
  const lock = lockStart < 0 ? 0 : (failures[lockStart] ?? 0) + LOCK_MS - now;
  return { wait: Math.max(slow, lock), locked: lock > 0 };
}

export interface LoginWait {
  /** seconds until `email` from `ip` may try a password again */
  seconds: number;
  /** a lock, not just a slow-down: further attempts are not counted */
  locked: boolean;
}

/** How long `email` from `ip` must wait before trying a password, or null if it may now. */
export async function loginRetryAfter(deps: Deps, email: string, ip: string): Promise<LoginWait | null> {
  const now = deps.clock.now().getTime();
  const cutoff = new Date(now - WINDOW_MS - LOCK_MS).toISOString();
  const lastSuccess = await deps.db
    .selectFrom('login_attempts')
    .select('at')
    .where('email', '=', email)
    .where('succeeded', '=', true)
    .where('at', '>', cutoff)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
  // A success clears the account's count; the address keeps its own, or one valid account would reset it.
  const accountSince = lastSuccess ? new Date(Date.parse(String(lastSuccess.at))).toISOString() : cutoff;
  const account = waitMs(await recentFailures(deps, 'email', email, accountSince), now);
  const address = waitMs(await recentFailures(deps, 'ip', ip, cutoff), now);
  const wait = Math.max(account.wait, address.wait);
  return wait > 0 ? { seconds: Math.ceil(wait / 1000), locked: account.locked || address.locked } : null;
}
