import { AppError, notFound, codedError } from '../../domain/errors.ts';
import type { PairDecisionShape } from '../../domain/merge.ts';
import { assertCanWrite } from '../access/writes.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { findContactForWrite, findContactRow } from '../contacts/contacts.repository.ts';
import { inTransaction, nowIso, type Ctx } from '../context.ts';
import { findCustomerForWrite, findCustomerRow } from '../customers/customers.repository.ts';

/** Both records of the pair must be visible (else 404, as if the pair did not exist) and writable (else 403). */
async function assertMayDecide(ctx: Ctx, pair: { id: number; entity: 'customers' | 'contacts'; a_id: number; b_id: number }): Promise<void> {
  const ids = [Number(pair.a_id), Number(pair.b_id)];
  try {
    if (pair.entity === 'customers') {
      for (const id of ids) await findCustomerRow(ctx, id);
    } else {
      for (const id of ids) await findContactRow(ctx, id);
    }
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') throw notFound('duplicate pair', pair.id);
    throw error;
  }
  for (const id of ids) await (pair.entity === 'customers' ? findCustomerForWrite(ctx, id) : findContactForWrite(ctx, id));
}

async function decide(ctx: Ctx, pairId: number, status: 'open' | 'dismissed'): Promise<PairDecisionShape> {
  assertCanWrite(ctx.actor);
  const pair = await ctx.db.selectFrom('duplicate_pairs').selectAll().where('id', '=', pairId).executeTakeFirst();
  if (!pair) throw notFound('duplicate pair', pairId);
  if (pair.status === 'merged') {
    throw codedError('conflict', 'merge.pair_merged', { id: pairId });
  }
  await assertMayDecide(ctx, pair);
  const now = nowIso(ctx);
  const decided = status === 'dismissed';
  await inTransaction(ctx, async (tx) => {
    await tx.db
      .updateTable('duplicate_pairs')
      .set({ status, decided_at: decided ? now : null, decided_by: decided ? ctx.actor.userId : null })
      .where('id', '=', pairId)
      .execute();
    if (pair.status !== status) {
      await recordAudit(tx, { action: 'update', entity: 'duplicate_pair', entityId: pairId, changes: { status: [pair.status, status] } });
    }
  });
  return {
    id: Number(pair.id),
    entity: pair.entity,
    aId: Number(pair.a_id),
    bId: Number(pair.b_id),
    status,
    decidedAt: decided ? now : null,
    decidedBy: decided ? ctx.actor.userId : null,
  };
}

/** "Not a duplicate": the pair leaves the review list, and rescans keep it dismissed. */
export const dismissPair = (ctx: Ctx, pairId: number) => decide(ctx, pairId, 'dismissed');

/** Puts a dismissed pair back on the review list. */
export const reopenPair = (ctx: Ctx, pairId: number) => decide(ctx, pairId, 'open');
