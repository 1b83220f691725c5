import { codedField, type FieldError } from '../../domain/errors.ts';
import type { Ctx } from '../context.ts';

/** A contact on a deal or order must be one of that record's customer's people. */
export async function checkContactRef(ctx: Ctx, field: string, contactId: number, customerId: number): Promise<FieldError[]> {
  const row = await ctx.db
    .selectFrom('contacts')
    .select('customer_id')
    .where('id', '=', contactId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (!row) return [codedField(field, 'field.no_such', { entity: 'contact', id: contactId })];
  if (row.customer_id !== customerId) return [codedField(field, 'field.other_customer', { entity: 'contact', id: contactId, customer: customerId })];
  return [];
}

export async function checkStageRef(ctx: Ctx, field: string, stageId: number): Promise<FieldError[]> {
  const row = await ctx.db.selectFrom('pipeline_stages').select('id').where('id', '=', stageId).where('deleted_at', 'is', null).executeTakeFirst();
  return row ? [] : [codedField(field, 'field.no_such', { entity: 'pipeline stage', id: stageId })];
}
