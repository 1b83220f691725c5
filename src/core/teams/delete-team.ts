import { codedError, notFound } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction } from '../context.ts';
import { assertUserAdmin, type AdminCtx } from '../users/users.policy.ts';
import { loadTeam } from './teams.repository.ts';

/** Deletes an empty team: one with members or child teams is refused, so nobody's access changes unseen. */
export async function deleteTeam(ctx: AdminCtx, id: number): Promise<void> {
  assertUserAdmin(ctx.actor);
  await inTransaction(ctx, async (tx) => {
    const team = await loadTeam(tx, id);
    if (!team) throw notFound('team', id);
    if (team.members > 0) throw codedError('conflict', 'team.has_members', { name: team.name, count: team.members });
    const child = await tx.db.selectFrom('teams').select('name').where('parent_id', '=', id).executeTakeFirst();
    if (child) throw codedError('conflict', 'team.has_children', { name: team.name, child: child.name });
    const shares = await tx.db.deleteFrom('customer_shares').where('team_id', '=', id).executeTakeFirst();
    await tx.db.deleteFrom('teams').where('id', '=', id).execute();
    await recordAudit(tx, {
      action: 'delete',
      entity: 'team',
      entityId: id,
      changes: { name: [team.name, null], parentId: [team.parentId, null], managerId: [team.managerId, null], shares: [Number(shares.numDeletedRows), 0] },
    });
  });
}
