import type { FieldChanges } from '../../domain/audit.ts';
import { normaliseEmail } from '../../domain/email.ts';
import { AppError } from '../../domain/errors.ts';
import type { LoginInput, SignedInShape } from '../../domain/session.ts';
import { inTransaction, type Deps } from '../context.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { hashPassword, verifyPassword } from '../users/password-hash.ts';
import { toUser, usersQuery } from '../users/users.repository.ts';
import { claimAttempt, LoginThrottled, settleAttempt } from './login-throttle.ts';
import { insertSession } from './sessions.repository.ts';
import { verifySecondFactor, type SecondFactor } from './totp.repository.ts';

export interface LoginRequest extends LoginInput {
  ip: string;
  userAgent: string | null;
}

// A real scrypt hash of nothing anyone knows: unknown e-mails cost as much time as wrong passwords.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashPassword(`no user ${Math.random()}`));

/** What the audit log keeps of text typed into the e-mail field that is no e-mail address: it may be a password. */
export const NOT_AN_EMAIL = '(not an e-mail address)';

export interface AttemptRecord {
  /** the normalised address tried, or null when the text typed was none */
  email: string | null;
  ip: string;
  userId: number | null;
  ok: boolean;
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

function attemptChanges(attempt: AttemptRecord): FieldChanges {
  const changes: FieldChanges = attempt.ok ? {} : { email: [null, attempt.email ?? NOT_AN_EMAIL] };
  if (attempt.factor) changes.factor = [null, attempt.factor];
  return changes;
}

/** Writes one sign-in attempt (or a refused one) to the audit log. */
export async function auditAttempt(deps: Deps, attempt: AttemptRecord): Promise<void> {
  await inTransaction(deps, (tx) =>
    recordAudit(
      // recordAudit stores a null userId as "no actor" but keeps the address, which is the point here.
      { ...tx, actor: { userId: attempt.userId as number, ip: attempt.ip } },
      { action: attempt.ok ? 'login' : 'login_failed', entity: 'user', entityId: attempt.userId, changes: attemptChanges(attempt) },
    ),
  );
}

/** Checks an e-mail and password and opens a session; the same answer for unknown e-mails and wrong passwords. */
export async function login(deps: Deps, input: LoginRequest): Promise<SignedInShape & { token: string }> {
  const normalised = normaliseEmail(input.email);
  const email = normalised.ok ? normalised.value : null;
  const claim = await claimAttempt(deps, { email, ip: input.ip });
  const row = email === null ? undefined : await deps.db.selectFrom('users').select(['id', 'password_hash', 'disabled', 'totp_enabled']).where('email', '=', email).executeTakeFirst();
  const attempt: AttemptRecord = { email, ip: input.ip, userId: row?.id ?? null, ok: false };
  if (claim.retryAfterSeconds !== null) {
    await auditAttempt(deps, attempt);
    throw new LoginThrottled(claim.retryAfterSeconds);
  }
  const matches = await verifyPassword(input.password, row?.password_hash ?? (await dummy()));
  if (!row || !row.password_hash || row.disabled || !matches) {
    await auditAttempt(deps, attempt);
    throw new AppError('unauthorized', { message: 'wrong e-mail address or password', messageCode: 'session.wrong_credentials' });
  }
  let factor: SecondFactor | undefined;
  if (row.totp_enabled) {
    if (!input.totp) {
      // The password was right: asking for the code is no failure (a wrong code is one).
      await settleAttempt(deps, claim.attemptId, 'void');
      throw new TotpRequired('enter the 6-digit code from your authenticator app, or one of your recovery codes');
    }
    const used = await verifySecondFactor(deps, row.id, input.totp);
    if (!used) {
      await auditAttempt(deps, { ...attempt, factor: 'totp-wrong' });
      throw new TotpRequired('the two-factor code is wrong or has already been used');
    }
    factor = used;
  }
  await inTransaction(deps, async (tx) => {
    await settleAttempt(tx, claim.attemptId, 'succeeded');
    await auditAttempt(tx, { ...attempt, ok: true, ...(factor ? { factor } : {}) });
  });
  const session = await insertSession(deps, { userId: row.id, ip: input.ip, userAgent: input.userAgent });
  const user = toUser(await usersQuery(deps).where('users.id', '=', row.id).executeTakeFirstOrThrow());
  return { user, csrfToken: session.csrfToken, token: session.token };
}
