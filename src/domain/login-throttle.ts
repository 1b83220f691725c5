/**
 * The brute-force rules for password sign-in (OWASP's Authentication and Credential Stuffing
 * cheat sheets): failures are counted per account and per address separately, and an address
 * an account has signed in from before is "familiar", so strangers' guesses neither lock a user
 * out at their usual desk nor let a guesser at that desk go on without limit.
 */
export const THROTTLE = {
  windowMs: 15 * 60_000,
  /** account failures (from one address, or from all unfamiliar ones) that slow further attempts */
  slowAfter: 5,
  /** account failures within one window that lock it */
  lockAfter: 10,
  lockMs: 15 * 60_000,
  /** failures from one address across all accounts that slow it for accounts it is not familiar to */
  addressSlowAfter: 30,
  /** how long a successful sign-in makes its address familiar to the account */
  familiarMs: 30 * 24 * 60 * 60_000,
  /** how long a failure is kept: far past the window and lock that read it (the audit log keeps every sign-in) */
  keepFailuresMs: 24 * 60 * 60_000,
} as const;

export interface Wait {
  ms: number;
  /** a lock, not just a slow-down: further attempts are not counted */
  locked: boolean;
}

const NO_WAIT: Wait = { ms: 0, locked: false };

/**
 * An account's wait, from its failures (newest first, epoch ms): five within the window slow
 * further attempts until the fifth-latest leaves it; ten within one window lock it for
 * `lockMs` after the tenth (attempts during a lock are not counted, so Retry-After holds).
 */
export function accountWait(failures: readonly number[], now: number): Wait {
  const inWindow = failures.filter((at) => at > now - THROTTLE.windowMs);
  const fifth = inWindow[THROTTLE.slowAfter - 1];
  const slow = fifth === undefined ? 0 : fifth + THROTTLE.windowMs - now;
  const lockStart = failures.findIndex((at, i) => {
    const tenthBack = failures[i + THROTTLE.lockAfter - 1];
    return tenthBack !== undefined && at - tenthBack <= THROTTLE.windowMs;
  });
  const lock = lockStart < 0 ? 0 : (failures[lockStart] ?? 0) + THROTTLE.lockMs - now;
  return { ms: Math.max(slow, lock, 0), locked: lock > 0 };
}

/** An address's wait: a sliding window of `addressSlowAfter` failures, never a lock. */
export function addressWait(failures: readonly number[], now: number): Wait {
  const nth = failures.filter((at) => at > now - THROTTLE.windowMs)[THROTTLE.addressSlowAfter - 1];
  return nth === undefined ? NO_WAIT : { ms: Math.max(nth + THROTTLE.windowMs - now, 0), locked: false };
}

/** The longer of two waits; locked if either is. */
export const longer = (a: Wait, b: Wait): Wait => ({ ms: Math.max(a.ms, b.ms), locked: a.locked || b.locked });
