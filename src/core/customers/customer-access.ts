import { AppError } from '../../domain/errors.ts';
import type { Actor, Ctx } from '../context.ts';
import { writableCustomers } from './customers.policy.ts';

const readOnly = (customerId: number) =>
  new AppError('forbidden', { message: `customer ${customerId} is read-only for you` });

/**
 * A write to a customer, or to a record that belongs to one, needs the customer to be writable
 * for the actor. Call it after the customer was found through the visibility policy, so an
 * invisible one has already answered 404 and a visible, read-only one answers 403 here.
 */
export async function assertCanWriteCustomer(ctx: Ctx, customerId: number): Promise<void> {
  if (!ctx.actor.canWrite) throw readOnly(customerId);
  if (ctx.actor.role === 'admin') return;
  const row = await ctx.db
    .selectFrom('customers')
    .select('customers.id')
    .where('customers.id', '=', customerId)
    .where(writableCustomers(ctx.actor))
    .executeTakeFirst();
  if (!row) throw readOnly(customerId);
}

/**
 * Who may name an owner: anyone may keep a customer for themselves or leave it in the pool;
 * handing it to someone else is a transfer, for managers and admins.
 */
export function assertMayAssignOwner(actor: Actor, ownerId: number | null): void {
  if (ownerId === null || ownerId === actor.userId || actor.role === 'admin' || actor.role === 'manager') return;
  throw new AppError('forbidden', { message: 'only a manager or an admin may give a customer to someone else' });
}
