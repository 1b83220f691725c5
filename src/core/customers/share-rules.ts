import type { CustomerShareTargetInput } from '../../domain/customer-access.ts';
import { AppError, type FieldError } from '../../domain/errors.ts';
import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { assertCanWriteCustomer } from './customer-access.ts';
import { findCustomerRow } from './customers.repository.ts';

/** The owner, a manager who may change the customer, or an admin may share it. */
export async function assertCanShare(ctx: Ctx, customerId: number): Promise<void> {
  assertCanWrite(ctx.actor);
  const row = await findCustomerRow(ctx, customerId);
  await assertCanWriteCustomer(ctx, customerId);
  if (ctx.actor.role === 'sales' && row.owner_id !== ctx.actor.userId) {
    throw new AppError('forbidden', { message: 'only the owner, a manager or an admin may share a customer' });
  }
}

export function shareTargetErrors(input: CustomerShareTargetInput): FieldError[] {
  if ((input.userId === undefined) === (input.teamId === undefined)) return [{ field: 'userId', message: 'name exactly one of userId and teamId' }];
  return [];
}
