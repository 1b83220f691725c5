import type { FieldChanges } from '../../domain/audit.ts';
import { normaliseEmail } from '../../domain/email.ts';
import { AppError } from '../../domain/errors.ts';
import type { LoginInput, SignedInShape } from '../../domain/session.ts';
import { inTransaction, nowIso, type Deps } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from '../users/password-hash.ts';
import { toUser, usersQuery } from '../users/users.repository.ts';
import { LoginThrottled, loginRetryAfter } from './login-throttle.ts';
import { insertSession } from './sessions.repository.ts';
import { verifySecondFactor, type SecondFactor } from './totp.repository.ts';

export interface LoginRequest extends LoginInput {
  ip: string;
  userAgent: string | null;
}

// A real scrypt hash of nothing anyone knows: unknown e-mails cost as much time as wrong passwords.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(`no user ${Math.random()}`));

export interface Attempt {
  email: string;
  ip: string;
  userId: number | null;
  ok: boolean;
  /** false for attempts refused during a lock: audited, but they do not lengthen it */
  counts?: boolean;
  /** the second factor used, or that failed */
  factor?: SecondFactor | 'totp-wrong';
}

/** A right password for an account with two-factor sign-in, but no valid code: the client should ask for one. */
export class TotpRequired extends AppError {
  readonly totpRequired = true;
  constructor(message: string) {
    super('unauthorized', { message });
  }
}

function attemptChanges(attempt: Attempt): FieldChanges {
  const changes: FieldChanges = attempt.ok ? {} : { email: [null, attempt.email] };
  if (attempt.factor) changes.factor = [null, attempt.factor];
  return changes;
}

/** One sign-in attempt: counted for the brute-force throttle and written to the audit log. */
export async function recordAttempt(deps: Deps, attempt: Attempt): Promise<void> {
  await inTransaction(deps, async (tx) => {
    if (attempt.counts !== false) {
      await tx.db.insertInto('login_attempts').values({ at: nowIso(tx), email: attempt.email, ip: attempt.ip, succeeded: attempt.ok }).execute();
    }
    await recordAudit(
      // recordAudit stores a null userId as "no actor" but keeps the address, which is the point here.
      { ...tx, actor: { userId: attempt.userId as number, ip: attempt.ip } },
      { action: attempt.ok ? 'login' : 'login_failed', entity: 'user', entityId: attempt.userId, changes: attemptChanges(attempt) },
    );
  });
}

/** Checks an e-mail and password and opens a session; the same answer for unknown e-mails and wrong passwords. */
export async function login(deps: Deps, input: LoginRequest): Promise<SignedInShape & { token: string }> {
  const normalised = normaliseEmail(input.email);
  const email = normalised.ok ? normalised.value : input.email.trim().toLowerCase();
  const wait = await loginRetryAfter(deps, email, input.ip);
  const row = await deps.db.selectFrom('users').select(['id', 'password_hash', 'disabled', 'totp_enabled']).where('email', '=', email).executeTakeFirst();
  if (wait !== null) {
    await recordAttempt(deps, { email, ip: input.ip, userId: row?.id ?? null, ok: false, counts: !wait.locked });
    throw new LoginThrottled(wait.seconds);
  }
  const matches = await verifyPassword(input.password, row?.password_hash ?? (await dummy()));
  if (!row || !row.password_hash || row.disabled || !matches) {
    await recordAttempt(deps, { email, ip: input.ip, userId: row?.id ?? null, ok: false });
    throw new AppError('unauthorized', { message: 'wrong e-mail address or password' });
  }
  let factor: SecondFactor | undefined;
  if (row.totp_enabled) {
    if (!input.totp) throw new TotpRequired('enter the 6-digit code from your authenticator app, or one of your recovery codes');
    const used = await verifySecondFactor(deps, row.id, input.totp);
    if (!used) {
      // Counted like a wrong password, so guessing codes meets the same slow-down and lock.
      await recordAttempt(deps, { email, ip: input.ip, userId: row.id, ok: false, factor: 'totp-wrong' });
      throw new TotpRequired('the two-factor code is wrong or has already been used');
    }
    factor = used;
  }
  await recordAttempt(deps, { email, ip: input.ip, userId: row.id, ok: true, ...(factor ? { factor } : {}) });
  const session = await insertSession(deps, { userId: row.id, ip: input.ip, userAgent: input.userAgent });
  const user = toUser(await usersQuery(deps).where('users.id', '=', row.id).executeTakeFirstOrThrow());
  return { user, csrfToken: session.csrfToken, token: session.token };
}
