import { assertCanWrite } from '../access/writes.ts';
import type { Ctx } from '../context.ts';
import { moveToRecycleBin } from '../records/soft-delete.ts';
import { findOrderRow } from './orders.repository.ts';

/** Moves an order (items included) to the recycle bin; 412 if `expectedVersion` is stale. */
export async function deleteOrder(ctx: Ctx, id: number, expectedVersion?: number): Promise<void> {
  assertCanWrite(ctx.actor);
  const row = await findOrderRow(ctx, id);
  await moveToRecycleBin(ctx, { table: 'orders', entity: 'order', row }, expectedVersion);
}
