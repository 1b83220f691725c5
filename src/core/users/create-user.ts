import { normaliseEmail } from '../../domain/email.ts';
import { pointProblem } from '../../domain/point-problem.ts';
import { codedError, type FieldError, validationError } from '../../domain/errors.ts';
import { normaliseName } from '../../domain/text.ts';
import { passwordError, type UserCreateInput, type UserShape } from '../../domain/user.ts';
import type { FieldChanges } from '../../domain/audit.ts';
import { recordAudit, type AuditCtx } from '../audit/record-audit.ts';
import type { Deps } from '../context.ts';
import { inTransaction, nowIso } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { hashPassword } from './password-hash.ts';
import { loadUser } from './users.repository.ts';

export interface NewUserFields {
  email: string;
  name: string;
  passwordHash: string | null;
}

/** Checks a new user's e-mail, name and password (with `extra` errors found by the caller) and hashes the password. */
export async function prepareNewUser(
  deps: Deps,
  input: { email: string; name: string; password?: string | undefined },
  extra: FieldError[] = [],
): Promise<NewUserFields> {
  const errors: FieldError[] = [];
  const email = normaliseEmail(input.email);
  if (!email.ok) errors.push({ field: 'email', ...pointProblem('email', email.reason, input.email), message: `${email.reason}: "${input.email}"` });
  const name = normaliseName(input.name);
  if (!name) errors.push({ field: 'name', message: 'must not be blank', code: 'field.empty' });
  const weak = input.password === undefined ? null : passwordError('password', input.password);
  if (weak) errors.push(weak);
  errors.push(...extra);
  if (errors.length > 0 || !email.ok) throw validationError(errors);
  const taken = await deps.db.selectFrom('users').select('id').where('email', '=', email.value).executeTakeFirst();
  if (taken) throw codedError('conflict', 'user.email_taken', { email: email.value }, { errors: [{ field: 'email', message: 'is already taken', code: 'field.taken' }] });
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  return { email: email.value, name, passwordHash };
}

/**
 * Adds a user (and their team, if new) from the console, a seed or first-run setup, recorded in
 * the audit log as done by `by` (the console, CONSOLE_ACTOR, for `kehu users add`; by default the
 * creator, or nobody for the first admin); `createdBy` is null only for the first admin and the
 * console. Admins use addUser through the API.
 */
export async function createUser(deps: Deps, input: UserCreateInput, createdBy: number | null, by: AuditCtx['actor'] = createdBy === null ? null : { userId: createdBy }): Promise<UserShape> {
  const fields = await prepareNewUser(deps, input);
  const now = nowIso(deps);
  const id = await inTransaction(deps, (tx) =>
    guardConstraints(deps.dialect, async () => {
      const trx = tx.db;
      const audit = { ...tx, actor: by };
      const teamName = input.team === undefined ? null : normaliseName(input.team);
      let teamId: number | null = null;
      if (teamName) {
        const team = await trx.selectFrom('teams').select('id').where('name', '=', teamName).executeTakeFirst();
        teamId = team?.id ?? null;
        if (teamId === null) {
          teamId = (await trx.insertInto('teams').values({ name: teamName, parent_id: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
          await recordAudit(audit, { action: 'create', entity: 'team', entityId: teamId, changes: { name: [null, teamName] } });
        }
      }
      const row = await trx
        .insertInto('users')
        .values({ email: fields.email, name: fields.name, role: input.role, team_id: teamId, password_hash: fields.passwordHash, disabled: false, created_at: now, updated_at: now, created_by: createdBy })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Never the password or its hash: the log is readable by every admin.
      const changes: FieldChanges = { email: [null, fields.email], name: [null, fields.name], role: [null, input.role], teamId: [null, teamId] };
      if (fields.passwordHash) changes.password = [null, '(set)'];
      await recordAudit(audit, { action: 'create', entity: 'user', entityId: row.id, changes });
      return row.id;
    }),
  );
  return (await loadUser(deps, id))!;
}
