import type { CustomerTransferInput } from '../../domain/customer-access.ts';
import { codedError, type FieldError, validationError } from '../../domain/errors.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { assertWithinHoldingLimit } from '../pool/holding-limit.ts';
import { checkUserRef } from '../users/check-user-ref.ts';
import { writableIds } from '../access/writable-ids.ts';
import { assertCanAssignOwner } from './customers.policy.ts';
import { customersQuery } from './customers.repository.ts';

/**
 * Hands customers to a new owner, all or none: an admin any, a manager those of their team
 * tree and only to a member of it. Each change is an audit entry.
 */
export async function transferCustomers(ctx: Ctx, input: CustomerTransferInput): Promise<{ transferred: number }> {
  assertCanWrite(ctx.actor);
  const { actor } = ctx;
  if (actor.role !== 'admin' && actor.role !== 'manager') throw codedError('forbidden', 'customer.transfer_manager_only');
  const ids = [...new Set(input.ids)];
  const rows = await customersQuery(ctx)
    .select(['customers.id', 'customers.owner_id'])
    .where('customers.id', 'in', ids)
    .where('customers.deleted_at', 'is', null)
    .execute();
  const found = new Map(rows.map((r) => [Number(r.id), r]));
  const errors: FieldError[] = ids.flatMap((id, i) => (found.has(id) ? [] : [{ field: `ids/${i}`, message: `customer ${id} does not exist`, code: 'field.no_such' as const, params: { entity: 'customer', id } }]));
  errors.push(...(await checkUserRef(ctx, 'ownerId', input.ownerId)));
  if (errors.length > 0) throw validationError(errors);
  const writable = await writableIds(ctx, 'customer', ids);
  const readOnly = ids.filter((id) => !writable.has(id));
  if (readOnly.length > 0) throw codedError('forbidden', 'customer.transfer_read_only', { ids: readOnly.join(', ') });
  await assertCanAssignOwner(ctx, input.ownerId);
  const moving = rows.filter((r) => r.owner_id !== input.ownerId);
  await inTransaction(ctx, async (tx) => {
    const now = nowIso(tx);
    for (const row of moving) {
      await tx.db
        .updateTable('customers')
        .set((eb) => ({ owner_id: input.ownerId, version: eb('version', '+', 1), updated_at: now, updated_by: actor.userId }))
        .where('id', '=', row.id)
        .execute();
      await recordAudit(tx, { action: 'transfer', entity: 'customer', entityId: Number(row.id), changes: { ownerId: [row.owner_id, input.ownerId] } });
    }
    const target = await tx.db.selectFrom('users').select(['name', 'role']).where('id', '=', input.ownerId).executeTakeFirstOrThrow();
    await assertWithinHoldingLimit(tx, { userId: input.ownerId, role: target.role, label: target.name, field: 'ownerId' }, moving.length);
  });
  return { transferred: moving.length };
}
