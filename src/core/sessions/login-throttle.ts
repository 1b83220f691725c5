import type { Kysely } from 'kysely';
import { AppError } from '../../domain/errors.ts';
import { accountWait, addressWait, longer, THROTTLE, type Wait } from '../../domain/login-throttle.ts';
import type { Deps } from '../context.ts';

// Enough rows to find ten failures within 15 minutes among the last 30 minutes' worth.
const SCAN_LIMIT = 50;

/** A 429 that tells the client when to try again (the route sets Retry-After from it). */
export class LoginThrottled extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', { message: `too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)` });
  }
}

export interface AttemptKey {
  /** the normalised e-mail address tried, or null when what was typed is no e-mail address */
  email: string | null;
  ip: string;
}

export interface Claim {
  /** the attempt's row, counted as a failure until settled; null when it was not counted */
  attemptId: number | null;
  /** seconds to wait before trying again, or null: the password may be checked now */
  retryAfterSeconds: number | null;
}

const iso = (ms: number) => new Date(ms).toISOString();
const NO_WAIT: Wait = { ms: 0, locked: false };

/** Times of recent failures matching `filter`, newest first. */
async function failureTimes(deps: Deps, filter: { email?: string; ip?: string; fromStrangers?: boolean; since: number; afterId?: number }): Promise<number[]> {
  const rows = await deps.db
    .selectFrom('login_attempts')
    .select('at')
    .where('succeeded', '=', false)
    .$if(filter.email !== undefined, (q) => q.where('email', '=', filter.email!))
    .$if(filter.ip !== undefined, (q) => q.where('ip', '=', filter.ip!))
    .$if(filter.fromStrangers === true, (q) => q.where('familiar', '=', false))
    .$if(filter.afterId !== undefined, (q) => q.where('id', '>', filter.afterId!))
    .where('at', '>', iso(filter.since))
    .orderBy('at', 'desc')
    .limit(SCAN_LIMIT)
    .execute();
  return rows.map((r) => Date.parse(String(r.at)));
}

/** The account's latest successful sign-in since `since` (from `ip`, if given). Ids order attempts: they are added under one lock. */
async function lastSuccessOf(deps: Deps, email: string, since: number, ip?: string): Promise<number | null> {
  const row = await deps.db
    .selectFrom('login_attempts')
    .select('id')
    .where('email', '=', email)
    .where('succeeded', '=', true)
    .$if(ip !== undefined, (q) => q.where('ip', '=', ip!))
    .where('at', '>', iso(since))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The wait for `key` now, and whether its address is familiar to the account. */
async function waitFor(deps: Deps, key: AttemptKey, now: number): Promise<{ wait: Wait; accountWaits: boolean; familiar: boolean }> {
  const cutoff = now - THROTTLE.windowMs - THROTTLE.lockMs;
  let account = NO_WAIT;
  let familiar = false;
  if (key.email !== null) {
    const email = key.email;
    familiar = (await lastSuccessOf(deps, email, now - THROTTLE.familiarMs, key.ip)) !== null;
    // A success clears the account's counts; the address keeps its own, or one valid account would reset it.
    const afterId = (await lastSuccessOf(deps, email, cutoff)) ?? 0;
    account = accountWait(await failureTimes(deps, { email, ip: key.ip, since: cutoff, afterId }), now);
    if (!familiar) account = longer(account, accountWait(await failureTimes(deps, { email, fromStrangers: true, since: cutoff, afterId }), now));
  }
  const address = familiar ? NO_WAIT : addressWait(await failureTimes(deps, { ip: key.ip, since: now - THROTTLE.windowMs }), now);
  return { wait: longer(account, address), accountWaits: account.ms > 0, familiar };
}

/** Forgets attempts no rule reads any more, on every counted one, so the table stays as small as its windows. */
async function pruneAttempts(deps: Pick<Deps, 'db'>, now: number): Promise<void> {
  await deps.db.deleteFrom('login_attempts').where('at', '<', iso(now - THROTTLE.familiarMs)).execute();
  await deps.db.deleteFrom('login_attempts').where('at', '<', iso(now - THROTTLE.keepFailuresMs)).where('succeeded', '=', false).execute();
}

/**
 * Counts a password attempt BEFORE the password is checked, as one step under a lock that all
 * kehu processes share, so parallel guesses cannot all pass a check made before any is counted.
 * The attempt counts as a failure until `settleAttempt` says otherwise. Attempts refused during
 * an account's slow-down count too (ten lock it); those refused by a lock or by the address
 * limit alone do not, so a flood cannot lengthen a lock.
 */
export function claimAttempt(deps: Deps, key: AttemptKey): Promise<Claim> {
  return deps.db.transaction().execute(async (trx) => {
    await deps.dialect.lockLoginAttempts(trx as unknown as Kysely<unknown>);
    const tx = { ...deps, db: trx };
    const now = deps.clock.now().getTime();
    const { wait, accountWaits, familiar } = await waitFor(tx, key, now);
    const retryAfterSeconds = wait.ms > 0 ? Math.ceil(wait.ms / 1000) : null;
    if (wait.locked || (retryAfterSeconds !== null && !accountWaits)) return { attemptId: null, retryAfterSeconds };
    await pruneAttempts(tx, now);
    const row = await trx
      .insertInto('login_attempts')
      .values({ at: iso(now), email: key.email ?? '', ip: key.ip, succeeded: false, familiar })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { attemptId: row.id, retryAfterSeconds };
  });
}

/**
 * Settles a counted attempt: `succeeded` clears the account's count and makes the address
 * familiar; `void` takes it back (a right password still waiting for its second factor).
 * A failure needs no settling: it was counted as one from the start.
 */
export async function settleAttempt(deps: Pick<Deps, 'db'>, attemptId: number | null, outcome: 'succeeded' | 'void'): Promise<void> {
  if (attemptId === null) return;
  if (outcome === 'void') await deps.db.deleteFrom('login_attempts').where('id', '=', attemptId).execute();
  else await deps.db.updateTable('login_attempts').set({ succeeded: true }).where('id', '=', attemptId).execute();
}
