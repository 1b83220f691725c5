import type { FieldChanges } from '../../domain/audit.ts';
import { notFound, validationError, type FieldError } from '../../domain/errors.ts';
import type { TeamPatchInput, TeamShape } from '../../domain/team.ts';
import { normaliseName } from '../../domain/text.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso } from '../context.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { assertUserAdmin, type AdminCtx } from '../users/users.policy.ts';
import { teamNameTaken } from './create-team.ts';
import { checkTeamRefs } from './team-rules.ts';
import { loadTeam } from './teams.repository.ts';

/** An admin renames a team, moves it under another, or changes its manager (who then sees its customers). */
export async function updateTeam(ctx: AdminCtx, id: number, patch: TeamPatchInput): Promise<TeamShape> {
  assertUserAdmin(ctx.actor);
  const name = patch.name === undefined ? undefined : normaliseName(patch.name);
  const errors: FieldError[] = name === '' ? [{ field: 'name', message: 'must not be blank', code: 'field.empty' }] : [];
  return inTransaction(ctx, async (tx) => {
    const before = await loadTeam(tx, id);
    if (!before) throw notFound('team', id);
    errors.push(...(await checkTeamRefs(tx, id, patch)));
    if (errors.length > 0) throw validationError(errors);
    if (name !== undefined && name !== before.name && (await tx.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst())) throw teamNameTaken(name);
    const set = {
      ...(name === undefined ? {} : { name }),
      ...(patch.parentId === undefined ? {} : { parent_id: patch.parentId }),
      ...(patch.managerId === undefined ? {} : { manager_id: patch.managerId }),
    };
    await guardConstraints(ctx.dialect, () =>
      tx.db.updateTable('teams').set((eb) => ({ ...set, updated_at: nowIso(tx), version: eb('version', '+', 1) })).where('id', '=', id).execute(),
    );
    const after = (await loadTeam(tx, id))!;
    const changes: FieldChanges = {};
    for (const field of ['name', 'parentId', 'managerId'] as const) if (before[field] !== after[field]) changes[field] = [before[field], after[field]];
    if (Object.keys(changes).length > 0) {
      // Parent and manager decide which customers managers see.
      const isPermission = 'parentId' in changes || 'managerId' in changes;
      await recordAudit(tx, { action: isPermission ? 'permission_change' : 'update', entity: 'team', entityId: id, changes });
    }
    return after;
  });
}
