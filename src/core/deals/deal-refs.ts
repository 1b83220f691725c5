import type { FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';
import { customersQuery } from '../customers/customers.repository.ts';

/**
 * A record that belongs to a customer must name one the actor may see and that is not in the
 * recycle bin; an invisible customer reads as missing, so nothing leaks.
 */
export async function checkCustomerRef(ctx: Ctx, field: string, customerId: number): Promise<FieldError[]> {
  const row = await customersQuery(ctx).select(['customers.deleted_at']).where('customers.id', '=', customerId).executeTakeFirst();
  if (!row) return [{ field, message: `customer ${customerId} does not exist` }];
  if (row.deleted_at !== null) return [{ field, message: `customer ${customerId} is in the recycle bin` }];
  return [];
}

/** A contact on a deal or order must be one of that record's customer's people. */
export async function checkContactRef(ctx: Ctx, field: string, contactId: number, customerId: number): Promise<FieldError[]> {
  const row = await ctx.db
    .selectFrom('contacts')
    .select('customer_id')
    .where('id', '=', contactId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return [{ field, message: `contact ${contactId} does not exist` }];
  if (row.customer_id !== customerId) return [{ field, message: `contact ${contactId} does not belong to customer ${customerId}` }];
  return [];
}

export async function checkStageRef(ctx: Ctx, field: string, stageId: number): Promise<FieldError[]> {
  const row = await ctx.db.selectFrom('pipeline_stages').select('id').where('id', '=', stageId).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? [] : [{ field, message: `pipeline stage ${stageId} does not exist` }];
}
