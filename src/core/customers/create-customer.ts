import { recordChanges } from '../../domain/audit.ts';
import type { CustomerCreateInput, CustomerShape } from '../../domain/customer.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { replacePoints } from '../contact-points/contact-points.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertOwnerWithinLimit } from '../pool/holding-limit.ts';
import { guardConstraints } from '../records/constraint-errors.ts';
import { CUSTOMER_TAGS, setTags } from '../tags/tags.repository.ts';
import { assertCanAssignOwner } from './customers.policy.ts';
import { loadCustomer } from './customers.repository.ts';
import { prepareCustomer } from './prepare-customer.ts';

/** Creates a customer; the creator owns it unless `ownerId` says otherwise (null: the public pool). */
export async function createCustomer(ctx: Ctx, input: CustomerCreateInput): Promise<CustomerShape> {
  assertCanWrite(ctx.actor);
  const draft = { ...input, ownerId: input.ownerId === undefined ? ctx.actor.userId : input.ownerId };
  await assertCanAssignOwner(ctx, draft.ownerId);
  const prepared = await prepareCustomer(ctx, draft, input, null);
  const now = nowIso(ctx);
  return inTransaction(ctx, (tx) =>
    guardConstraints(ctx.dialect, async () => {
      const { id } = await tx.db
        .insertInto('customers')
        .values({ ...prepared.row, created_at: now, updated_at: now, created_by: ctx.actor.userId, updated_by: ctx.actor.userId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await replacePoints(tx.db, 'customer_id', id, ['phone', 'email'], prepared.points, now);
      if (input.tags) await setTags(tx.db, CUSTOMER_TAGS, id, input.tags, ctx.actor.userId, now);
      const created = await loadCustomer(tx, id);
      await recordAudit(tx, { action: 'create', entity: 'customer', entityId: id, changes: recordChanges(null, created) });
      await assertOwnerWithinLimit(tx, created.ownerId, ctx.actor);
      return created;
    }),
  );
}
