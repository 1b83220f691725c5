import type { CustomerShareCreateInput, CustomerShareShape } from '../../domain/customer-access.ts';
import { validationError } from '../../domain/errors.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { shareTargetErrors } from '../../domain/customer-access.ts';
import { assertCanGiveAway } from './customers.policy.ts';
import { findCustomerForWrite } from './customers.repository.ts';

/** Shares a customer with a user or a team (read or write); sharing again changes the access. */
export async function shareCustomer(ctx: Ctx, customerId: number, input: CustomerShareCreateInput): Promise<CustomerShareShape> {
  assertCanGiveAway(ctx.actor, await findCustomerForWrite(ctx, customerId), 'share');
  const errors = shareTargetErrors(input);
  if (input.userId !== undefined) errors.push(...(await checkUserRef(ctx, 'userId', input.userId)));
  if (input.teamId !== undefined) {
    const team = await ctx.db.selectFrom('teams').select('id').where('id', '=', input.teamId).executeTakeFirst();
    if (!team) errors.push({ field: 'teamId', message: `team ${input.teamId} does not exist`, code: 'field.no_such', params: { entity: 'team', id: input.teamId } });
  }
  if (errors.length > 0) throw validationError(errors);
  const share = { customerId, userId: input.userId ?? null, teamId: input.teamId ?? null, access: input.access };
  await inTransaction(ctx, async (tx) => {
    const target = (q: ReturnType<typeof tx.db.deleteFrom<'customer_shares'>>) =>
      share.userId === null ? q.where('team_id', '=', share.teamId) : q.where('user_id', '=', share.userId);
    await target(tx.db.deleteFrom('customer_shares').where('customer_id', '=', customerId)).execute();
    await tx.db
      .insertInto('customer_shares')
      .values({ customer_id: customerId, user_id: share.userId, team_id: share.teamId, access: share.access, created_at: nowIso(tx), created_by: ctx.actor.userId })
      .execute();
    await recordAudit(tx, { action: 'permission_change', entity: 'customer', entityId: customerId, changes: { share: [null, share] } });
  });
  return share;
}
