import { closesCycle } from '../../domain/team.ts';
import type { FieldError } from '../../domain/errors.ts';
import type { Deps } from '../context.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { parentMap } from './teams.repository.ts';

/** A parent must exist and not sit below the team itself; a manager must be an active user. */
export async function checkTeamRefs(deps: Deps, teamId: number | null, refs: { parentId?: number | null | undefined; managerId?: number | null | undefined }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (refs.parentId !== undefined && refs.parentId !== null) {
    const parents = await parentMap(deps);
    if (!parents.has(refs.parentId)) errors.push({ field: 'parentId', message: `team ${refs.parentId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: refs.parentId } });
    else if (teamId !== null && closesCycle(teamId, refs.parentId, parents)) {
      errors.push(refs.parentId === teamId ? { field: 'parentId', message: 'a team cannot be its own parent', code: 'team.own_parent' } : { field: 'parentId', message: `team ${refs.parentId} is below this team; that would make a loop`, code: 'team.loop', params: { id: refs.parentId } });
    }
  }
  if (refs.managerId !== undefined && refs.managerId !== null) errors.push(...(await checkUserRef(deps, 'managerId', refs.managerId)));
  return errors;
}
