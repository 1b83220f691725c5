import { codedField, type FieldError } from '../../domain/errors.ts';
import { mayWrite, readOnly } from '../access/write-loader.ts';
import type { Ctx } from '../context.ts';
import { writableCustomers } from './customers.policy.ts';
import { customersQuery } from './customers.repository.ts';

/**
 * The customer a write puts a record under: the customer of a new record, the far end of a move,
 * or the customer a restored record returns to. It must be one the actor may see and that is not
 * in the recycle bin (else a field error: an invisible customer reads as missing, so nothing
 * leaks), and one the actor may change (else 403, thrown). The near end of a move is the
 * record's own customer, checked by the entity's loader for writing.
 */
export async function checkTargetCustomer(ctx: Ctx, field: string, customerId: number): Promise<FieldError[]> {
  const row = await customersQuery(ctx)
    .select(['customers.deleted_at', mayWrite(writableCustomers(ctx.actor))])
    .where('customers.id', '=', customerId)
    .executeTakeFirst();
  if (!row) return [codedField(field, 'field.no_such', { entity: 'customer', id: customerId })];
  if (row.deleted_at !== null) return [codedField(field, 'field.in_recycle_bin', { entity: 'customer', id: customerId })];
  if (Number(row.may_write) !== 1) throw readOnly('customer', customerId);
  return [];
}
