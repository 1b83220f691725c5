import type { FieldChanges } from '../../domain/audit.ts';
import { codedError, type FieldError, validationError } from '../../domain/errors.ts';
import type { TeamCreateInput, TeamShape } from '../../domain/team.ts';
import { normaliseName } from '../../domain/text.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { assertUserAdmin, type AdminCtx } from '../users/users.policy.ts';
import { checkTeamRefs } from './team-rules.ts';
import { loadTeam } from './teams.repository.ts';

export const teamNameTaken = (name: string) =>
  codedError('conflict', 'team.name_taken', { name }, { errors: [{ field: 'name', message: 'is already taken', code: 'field.taken' }] });

/** An admin (or the console) adds a team, optionally below a parent and with a manager. */
export async function createTeam(ctx: AdminCtx, input: TeamCreateInput): Promise<TeamShape> {
  assertUserAdmin(ctx.actor);
  const name = normaliseName(input.name);
  const errors: FieldError[] = name ? [] : [{ field: 'name', message: 'must not be blank', code: 'field.empty' }];
  errors.push(...(await checkTeamRefs(ctx, null, input)));
  if (errors.length > 0) throw validationError(errors);
  if (await ctx.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()) throw teamNameTaken(name);
  const now = nowIso(ctx);
  const id = await inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const parentId = input.parentId ?? null;
      const managerId = input.managerId ?? null;
      const row = await tx.db.insertInto('teams').values({ name, parent_id: parentId, manager_id: managerId, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
      const changes: FieldChanges = { name: [null, name] };
      if (parentId !== null) changes.parentId = [null, parentId];
      if (managerId !== null) changes.managerId = [null, managerId];
      await recordAudit(tx, { action: 'create', entity: 'team', entityId: row.id, changes });
      return row.id;
    }),
  );
  return (await loadTeam(ctx, id))!;
}
