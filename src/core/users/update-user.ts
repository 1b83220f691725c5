import type { FieldChanges } from '../../domain/audit.ts';
import { notFound, validationError, type FieldError } from '../../domain/errors.ts';
import { normaliseName } from '../../domain/text.ts';
import type { UserPatchInput, UserShape } from '../../domain/user.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso } from '../context.ts';
import { revokeSessions } from '../sessions/sessions.repository.ts';
import { clearTotp } from '../sessions/totp.repository.ts';
import { teamExists } from '../teams/teams.repository.ts';
import { assertKeepsAnAdmin, assertUserAdmin, type AdminCtx } from './users.policy.ts';
import { loadUser } from './users.repository.ts';

// Who may see or change what: these changes are permission changes in the audit log.
const PERMISSION_FIELDS = ['role', 'teamId', 'team', 'disabled', 'totpEnabled'];

/**
 * An admin changes a user's name, role, team or disabled flag, or turns off their two-factor
 * sign-in (a lost phone). Disabling ends their sessions, and their API tokens stop working.
 */
export async function updateUser(ctx: AdminCtx, id: number, patch: UserPatchInput): Promise<UserShape> {
  assertUserAdmin(ctx.actor);
  const errors: FieldError[] = [];
  const name = patch.name === undefined ? undefined : normaliseName(patch.name);
  if (name === '') errors.push({ field: 'name', message: 'must not be blank', code: 'field.empty' });
  if (patch.teamId !== undefined && patch.teamId !== null && !(await teamExists(ctx, patch.teamId))) errors.push({ field: 'teamId', message: `team ${patch.teamId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: patch.teamId } });
  if (patch.totpEnabled === true) errors.push({ field: 'totpEnabled', message: 'only the user can turn two-factor sign-in on (POST /api/v1/auth/totp/setup)', code: 'totp.only_user' });
  if (errors.length > 0) throw validationError(errors);

  return inTransaction(ctx, async (tx) => {
    const before = await loadUser(tx, id);
    if (!before) throw notFound('user', id);
    const losesAdmin = before.role === 'admin' && !before.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin) await assertKeepsAnAdmin(tx, id);
    const set = {
      ...(name === undefined ? {} : { name }),
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.teamId === undefined ? {} : { team_id: patch.teamId }),
      ...(patch.disabled === undefined ? {} : { disabled: patch.disabled }),
    };
    if (Object.keys(set).length > 0) {
      await tx.db.updateTable('users').set((eb) => ({ ...set, updated_at: nowIso(tx), version: eb('version', '+', 1) })).where('id', '=', id).execute();
    }
    if (patch.totpEnabled === false && before.totpEnabled) await clearTotp(tx, id);
    if (patch.disabled === true && !before.disabled) await revokeSessions(tx, id);
    const after = (await loadUser(tx, id))!;
    const changes: FieldChanges = {};
    for (const field of ['name', 'role', 'teamId', 'team', 'disabled', 'totpEnabled'] as const) {
      if (before[field] !== after[field]) changes[field] = [before[field], after[field]];
    }
    if (Object.keys(changes).length > 0) {
      const isPermission = Object.keys(changes).some((field) => PERMISSION_FIELDS.includes(field));
      await recordAudit(tx, { action: isPermission ? 'permission_change' : 'update', entity: 'user', entityId: id, changes });
    }
    return after;
  });
}
