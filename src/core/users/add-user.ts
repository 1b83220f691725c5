import type { FieldChanges } from '../../domain/audit.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { UserAddInput, UserShape } from '../../domain/user.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { teamExists } from '../teams/teams.repository.ts';
import { prepareNewUser } from './create-user.ts';
import { assertUserAdmin, type AdminCtx } from './users.policy.ts';
import { loadUser } from './users.repository.ts';

/** An admin adds a user, optionally with a password meeting the policy; recorded in the audit log. */
export async function addUser(ctx: AdminCtx, input: UserAddInput): Promise<UserShape> {
  assertUserAdmin(ctx.actor);
  const teamId = input.teamId ?? null;
  const teamErrors: FieldError[] = teamId !== null && !(await teamExists(ctx, teamId)) ? [{ field: 'teamId', message: `team ${teamId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: teamId } }] : [];
  const fields = await prepareNewUser(ctx, input, teamErrors);
  const now = nowIso(ctx);
  const id = await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const row = await tx.db
        .insertInto('users')
        .values({ email: fields.email, name: fields.name, role: input.role, team_id: teamId, password_hash: fields.passwordHash, disabled: false, created_at: now, updated_at: now, created_by: ctx.actor?.userId ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Never the password or its hash: the log is readable by every admin.
      const changes: FieldChanges = { email: [null, fields.email], name: [null, fields.name], role: [null, input.role], teamId: [null, teamId] };
      if (fields.passwordHash) changes.password = [null, '(set)'];
      await recordAudit(tx, { action: 'create', entity: 'user', entityId: row.id, changes });
      return row.id;
    }),
  );
  return (await loadUser(ctx, id))!;
}
